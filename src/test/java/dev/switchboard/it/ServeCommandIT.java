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
}
