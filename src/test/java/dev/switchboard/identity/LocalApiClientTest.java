package dev.switchboard.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import dev.switchboard.support.FakeTailscaled;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalApiClientTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static JsonObject get(io.vertx.core.Future<JsonObject> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  void asksWhoIsOverTheUnixSocketAndReadsTheAnswer() throws Exception {
    try (FakeTailscaled ts = new FakeTailscaled().peer("127.0.0.2", FakeTailscaled.example("whois-user", null))) {
      LocalApiClient c = new LocalApiClient(vertx, ts.socketPath(), 2000);
      Caller caller = WhoIs.toCaller(get(c.whois("127.0.0.2:41234")), "127.0.0.2:41234");
      assertThat(caller.login()).isEqualTo("alice@example.com");
      assertThat(caller.node()).isEqualTo("alice-laptop.tail1234.ts.net");
      assertThat(caller.capabilities().get("switchboard.dev/cap/mcp")).hasSize(2);
    }
  }

  @Test
  void anUnknownPeerIsRefused() throws Exception {
    try (FakeTailscaled ts = new FakeTailscaled()) {
      LocalApiClient c = new LocalApiClient(vertx, ts.socketPath(), 2000);
      assertThatThrownBy(() -> get(c.whois("127.0.0.9:1"))).isInstanceOf(McpError.class)
          .satisfies(e -> assertThat(((McpError) e).kind()).isEqualTo(ErrorKind.IDENTITY_REFUSED));
    }
  }

  @Test
  void anUnreachableTailscaledFailsClosed() throws Exception {
    LocalApiClient c = new LocalApiClient(vertx, "/nonexistent/tailscaled.sock", 1000);
    assertThatThrownBy(() -> get(c.whois("127.0.0.2:1"))).isInstanceOf(McpError.class)
        .satisfies(e -> assertThat(((McpError) e).kind()).isEqualTo(ErrorKind.IDENTITY_UNAVAILABLE))
        .hasMessageContaining("tailscaled");
  }

  @Test
  void aWhoIsAnswerLargerThanAnyRealOneIsNotReadWhole() throws Exception {
    JsonObject huge = FakeTailscaled.example("whois-user", null);
    huge.getJsonObject("UserProfile").put("DisplayName", "x".repeat(LocalApiClient.MAX_ANSWER_BYTES));
    try (FakeTailscaled ts = new FakeTailscaled().peer("127.0.0.2", huge)) {
      LocalApiClient c = new LocalApiClient(vertx, ts.socketPath(), 5000);
      assertThatThrownBy(() -> get(c.whois("127.0.0.2:1"))).isInstanceOf(McpError.class)
          .hasMessageContaining("larger than " + LocalApiClient.MAX_ANSWER_BYTES + " bytes")
          .satisfies(e -> assertThat(((McpError) e).kind()).isEqualTo(ErrorKind.IDENTITY_UNAVAILABLE));
    }
  }
}
