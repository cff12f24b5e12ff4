package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.AuditFixtures;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code switchboard serve} as an operator starts it: a port already taken is named, with the key that sets it. */
@Timeout(120)
class ServeCommandIT {
  @TempDir
  Path tmp;

  private Path config() throws Exception {
    Path file = tmp.resolve("switchboard.yaml");
    Files.writeString(file, """
        listen: {host: 127.0.0.1, port: 0}
        admin: {host: 127.0.0.1, port: 0}
        audit: {enabled: false}
        backends:
          - {name: demo, type: builtin}
        """);
    return file;
  }

  @Test
  void aPortInUseIsNamedWithTheKeyAndFlagThatSetIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      var mcp = AuditFixtures.run("serve", "--config", config().toString(), "--port", String.valueOf(port));
      assertThat(mcp.exit()).isEqualTo(1);
      assertThat(mcp.err()).contains("cannot listen on 127.0.0.1:" + port + " (listen.port; --port on the command line)");
      var admin = AuditFixtures.run("serve", "--config", config().toString(), "--admin-port", String.valueOf(port));
      assertThat(admin.exit()).isEqualTo(1);
      assertThat(admin.err()).contains("cannot listen on 127.0.0.1:" + port + " (admin.port; --admin-port on the command line)");
    }
  }

  /** config check checks what serve reads from outside the file too: an audit key variable that is not set. */
  @Test
  void configCheckRefusesAnAuditKeyVariableThatIsNotSet() throws Exception {
    Path file = tmp.resolve("keyed.yaml");
    Files.writeString(file, """
        listen: {host: 127.0.0.1, port: 0}
        audit: {dir: "%s", keyEnv: SWITCHBOARD_TEST_KEY_THAT_IS_NOT_SET}
        backends:
          - {name: demo, type: builtin}
        """.formatted(tmp.resolve("audit")));
    var check = AuditFixtures.run("config", "check", file.toString());
    assertThat(check.exit()).isEqualTo(2);
    assertThat(check.err()).contains("environment variable SWITCHBOARD_TEST_KEY_THAT_IS_NOT_SET is not set");
    var ok = AuditFixtures.run("config", "check", config().toString());
    assertThat(ok.exit()).as(ok.err()).isZero();
  }
}
