package dev.switchboard.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BridgeOptionsTest {
  private static BridgeOptions of(String url, boolean insecureDev) {
    return BridgeOptions.of(url, Map.of(), Duration.ofSeconds(1), Duration.ofSeconds(1), insecureDev);
  }

  @Test
  void plainHttpIsAllowedWhereTheTailnetOrTheMachineProtectsIt() {
    for (String url : new String[] {"http://127.0.0.1:8080/mcp", "http://localhost/mcp", "http://[::1]:9/mcp",
        "http://100.64.0.1/mcp", "http://100.127.255.254/mcp", "http://[fd7a:115c:a1e0::1]/mcp",
        "http://switchboard.tail1234.ts.net/mcp", "https://hub.example.com/mcp"}) {
      assertThat(of(url, false).hub().toString()).isEqualTo(url);
    }
  }

  @Test
  void plainHttpElsewhereNeedsHttpsOrInsecureDev() {
    for (String url : new String[] {"http://hub.example.com/mcp", "http://100.128.0.1/mcp", "http://100.63.255.1/mcp",
        "http://10.0.0.5/mcp", "http://[fd7a:115c:a1e1::1]/mcp", "http://ts.net.evil.com/mcp"}) {
      assertThatThrownBy(() -> of(url, false)).isInstanceOf(ConfigException.class).hasMessageContaining("plain HTTP");
    }
    assertThat(of("http://hub.example.com/mcp", true).hub().getHost()).isEqualTo("hub.example.com");
  }

  @Test
  void notAnHttpUrlIsRefusedWithAnExample() {
    assertThatThrownBy(() -> of("ftp://x/mcp", false)).hasMessageContaining("must be http(s)://");
    assertThatThrownBy(() -> of("not a url", false)).isInstanceOf(ConfigException.class);
  }
}
