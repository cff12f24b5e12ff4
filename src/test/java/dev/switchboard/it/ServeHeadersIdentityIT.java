package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.McpHttp;
import dev.switchboard.support.PeerHttp;
import dev.switchboard.support.TestHub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Identity from a local {@code tailscale serve}: its headers are believed from the trusted proxy address
 * (loopback 127.0.0.1 here) and refused from anyone else.
 */
@Timeout(300) // a hang fails the test instead of the whole build
class ServeHeadersIdentityIT {
  private static final Vertx vertx = Vertx.vertx();
  private static TestHub hub;

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.start("""
        listen: {host: 127.0.0.1, port: 0}
        identity: {mode: serve-headers, trustedProxies: [127.0.0.1]}
        backends:
          - {name: demo, type: builtin}
        """);
  }

  @AfterAll
  static void stop() throws Exception {
    hub.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Map<String, String> serveHeaders() {
    Map<String, String> h = new HashMap<>(McpHttp.modernHeaders("tools/call", "whoami"));
    h.put("Tailscale-User-Login", "juergen@example.com");
    h.put("Tailscale-User-Name", "=?utf-8?q?J=C3=BCrgen_M=C3=BCller?=");
    h.put("Tailscale-App-Capabilities", "{\"switchboard.dev/cap/mcp\":[{\"tools\":[\"whoami\",\"echo\"]}]}");
    h.put("X-Forwarded-For", "100.101.102.103");
    return h;
  }

  private static PeerHttp.Reply whoami(String from, Map<String, String> headers) throws Exception {
    try (PeerHttp peer = new PeerHttp(vertx, from, hub.url())) {
      return peer.post(McpHttp.modernRequest("tools/call", new JsonObject().put("name", "whoami")), headers);
    }
  }

  @Test
  void headersFromTheTrustedProxyAreTheIdentity() throws Exception {
    PeerHttp.Reply r = whoami("127.0.0.1", serveHeaders());
    JsonObject who = r.json().getJsonObject("result").getJsonObject("structuredContent");
    assertThat(who.getString("login")).isEqualTo("juergen@example.com");
    assertThat(who.getString("displayName")).isEqualTo("Jürgen Müller");
    assertThat(who.getString("address")).isEqualTo("100.101.102.103");
    assertThat(who.getString("source")).isEqualTo("serve");
  }

  @Test
  void theGrantInTheCapabilitiesHeaderIsApplied() throws Exception {
    try (PeerHttp peer = new PeerHttp(vertx, "127.0.0.1", hub.url())) {
      Map<String, String> h = serveHeaders();
      h.put("Mcp-Method", "tools/list");
      h.remove("Mcp-Name");
      JsonObject list = peer.post(McpHttp.modernRequest("tools/list", new JsonObject()), h).json().getJsonObject("result");
      assertThat(list.getJsonArray("tools").stream().map(t -> ((JsonObject) t).getString("name")).toList())
          .containsExactlyInAnyOrder("whoami", "echo");
    }
  }

  @Test
  void spoofedHeadersFromAnUntrustedAddressAreRefused() throws Exception {
    PeerHttp.Reply r = whoami("127.0.0.2", serveHeaders());
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.json().getJsonObject("error").getString("message")).contains("not trusted");
  }

  @Test
  void requestsThatBypassServeAreRefused() throws Exception {
    PeerHttp.Reply r = whoami("127.0.0.2", McpHttp.modernHeaders("tools/call", "whoami"));
    assertThat(r.status()).isEqualTo(403);
  }

  @Test
  void funnelTrafficIsRefused() throws Exception {
    Map<String, String> h = new HashMap<>(McpHttp.modernHeaders("tools/call", "whoami"));
    h.put("Tailscale-Funnel-Request", "?1");
    PeerHttp.Reply r = whoami("127.0.0.1", h);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.body()).contains("Funnel");
  }

  /** The default trusted proxies (127.0.0.1 and ::1) on a hub on IPv6 loopback, where the peer reads 0:0:0:0:0:0:0:1. */
  @Test
  void theDefaultTrustedProxyOnIpv6LoopbackIsTrusted() throws Exception {
    try (TestHub v6 = TestHub.start("""
        listen: {host: "::1", port: 0}
        identity: {mode: serve-headers}
        backends:
          - {name: demo, type: builtin}
        """); PeerHttp peer = new PeerHttp(vertx, "::1", "http://[::1]:" + v6.port() + "/mcp")) {
      PeerHttp.Reply r = peer.post(McpHttp.modernRequest("tools/call", new JsonObject().put("name", "whoami")),
          serveHeaders());
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(r.json().getJsonObject("result").getJsonObject("structuredContent").getString("login"))
          .isEqualTo("juergen@example.com");
    }
  }

  @Test
  void aTrustedProxyMayBeARange() throws Exception {
    try (TestHub ranged = TestHub.start("""
        listen: {host: 127.0.0.1, port: 0}
        identity: {mode: serve-headers, trustedProxies: [127.0.0.0/30]}
        backends:
          - {name: demo, type: builtin}
        """)) {
      for (String from : new String[] {"127.0.0.2", "127.0.0.5"}) {
        try (PeerHttp peer = new PeerHttp(vertx, from, ranged.url())) {
          PeerHttp.Reply r = peer.post(McpHttp.modernRequest("tools/call", new JsonObject().put("name", "whoami")),
              serveHeaders());
          assertThat(r.status()).as("from %s: %s", from, r.body()).isEqualTo(from.equals("127.0.0.2") ? 200 : 403);
        }
      }
    }
  }

  /** One way in: a message that is no request passes identity like a call (it was accepted, 202, from anyone). */
  @Test
  void aNotificationFromAnUntrustedPeerIsRefusedLikeACall() throws Exception {
    try (PeerHttp peer = new PeerHttp(vertx, "127.0.0.2", hub.url())) {
      PeerHttp.Reply r = peer.post(new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/cancelled")
          .put("params", new JsonObject().put("requestId", 1)), serveHeaders());
      assertThat(r.status()).as(r.body()).isEqualTo(403);
    }
    try (PeerHttp trusted = new PeerHttp(vertx, "127.0.0.1", hub.url())) {
      PeerHttp.Reply r = trusted.post(new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/cancelled")
          .put("params", new JsonObject().put("requestId", 1)), serveHeaders());
      assertThat(r.status()).as(r.body()).isEqualTo(202);
    }
  }
}
