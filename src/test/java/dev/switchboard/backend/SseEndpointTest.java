package dev.switchboard.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Where a legacy SSE server may have the hub POST its messages: only on its own stream's origin. */
class SseEndpointTest {
  private static final URI STREAM = URI.create("http://127.0.0.1:3001/sse?x=1");

  @Test
  void aRelativeOrSameOriginEndpointIsResolvedAgainstTheStream() {
    assertThat(SseConnection.sameOrigin(STREAM, "/messages?sessionId=abc"))
        .isEqualTo(URI.create("http://127.0.0.1:3001/messages?sessionId=abc"));
    assertThat(SseConnection.sameOrigin(STREAM, " messages \n"))
        .isEqualTo(URI.create("http://127.0.0.1:3001/messages"));
    assertThat(SseConnection.sameOrigin(STREAM, "HTTP://127.0.0.1:3001/m")).isNotNull();
    assertThat(SseConnection.sameOrigin(URI.create("https://mcp.example.com/sse"), "https://MCP.example.com:443/m"))
        .isNotNull();
  }

  @Test
  void anotherHostPortOrSchemeOrNoURLAtAllIsRefused() {
    for (String elsewhere : new String[] {"http://169.254.169.254/latest/meta-data", "http://127.0.0.2:3001/messages",
        "http://127.0.0.1:3002/messages", "https://127.0.0.1:3001/messages", "//evil.example/messages",
        "http://127.0.0.1:3001@evil.example/m", "file:///etc/passwd", "http://[::1", "mailto:x@y"}) {
      assertThat(SseConnection.sameOrigin(STREAM, elsewhere)).as(elsewhere).isNull();
    }
  }
}
