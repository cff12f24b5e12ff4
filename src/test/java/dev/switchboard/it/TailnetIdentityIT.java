package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.FakeTailscaled;
import dev.switchboard.support.McpHttp;
import dev.switchboard.support.PeerHttp;
import dev.switchboard.support.TestHub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Identity from tailscaled (a fake LocalAPI speaking the real WhoIs format, since tailscaled cannot run
 * here) and grant-based authorization, end to end. Users are loopback source addresses:
 * 127.0.0.2 alice (grants), 127.0.0.3 bob (no grant), 127.0.0.4 a tagged CI node.
 */
@Timeout(300) // a hang fails the test instead of the whole build
class TailnetIdentityIT {
  private static final String ALICE = "127.0.0.2";
  private static final String BOB = "127.0.0.3";
  private static final String CI = "127.0.0.4";
  private static FakeTailscaled tailscaled;
  private static TestHub hub;
  private static final Vertx vertx = Vertx.vertx();
  private PeerHttp alice;
  private PeerHttp bob;

  @BeforeAll
  static void start() throws Exception {
    tailscaled = new FakeTailscaled();
    hub = TestHub.start("""
        listen: {host: 127.0.0.1, port: 0}
        admin: {port: 0}
        identity: {mode: whois, socket: "%s", timeout: 1s}
        policy:
          rules:
            - {users: ['*'], deny: {tools: ['github__wait']}}
        backends:
          - {name: github, type: builtin}
          - {name: jira, type: builtin}
        """.formatted(tailscaled.socketPath()));
  }

  @BeforeEach
  void users() {
    tailscaled.peer(ALICE, FakeTailscaled.example("whois-user", null))
        .peer(BOB, FakeTailscaled.example("whois-nogrant", null))
        .peer(CI, FakeTailscaled.example("whois-tagged", new JsonObject().put("switchboard.dev/cap/mcp",
            new JsonArray().add(new JsonObject().put("tools", new JsonArray().add("github__echo"))))));
    alice = new PeerHttp(vertx, ALICE, hub.url());
    bob = new PeerHttp(vertx, BOB, hub.url());
  }

  @AfterEach
  void closeClients() throws Exception {
    alice.close();
    bob.close();
  }

  @AfterAll
  static void stop() throws Exception {
    hub.close();
    tailscaled.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static List<Object> toolNames(PeerHttp who) throws Exception {
    JsonObject result = who.modern("tools/list", null, new JsonObject()).json().getJsonObject("result");
    return result.getJsonArray("tools").stream().map(t -> ((JsonObject) t).getString("name")).map(Object.class::cast).toList();
  }

  private static PeerHttp.Reply call(PeerHttp who, String tool) throws Exception {
    return who.modern("tools/call", tool, new JsonObject().put("name", tool)
        .put("arguments", new JsonObject().put("message", "hi")));
  }

  @Test
  void usersSeeOnlyWhatTheirGrantsAllow() throws Exception {
    assertThat(toolNames(alice)).containsExactlyInAnyOrder("github__echo", "github__add", "github__whoami", "github__confirm");
    assertThat(toolNames(bob)).isEmpty();
  }

  @Test
  void whoamiShowsTheTailnetIdentity() throws Exception {
    JsonObject who = call(alice, "github__whoami").json().getJsonObject("result").getJsonObject("structuredContent");
    assertThat(who.getString("login")).isEqualTo("alice@example.com");
    assertThat(who.getString("node")).isEqualTo("alice-laptop.tail1234.ts.net");
    assertThat(who.getString("source")).isEqualTo("whois");
    assertThat(who.getString("address")).startsWith(ALICE + ":");
  }

  @Test
  void aDeniedCallIsAnsweredExactlyLikeAnUnknownTool() throws Exception {
    JsonObject denied = call(bob, "github__echo").json().getJsonObject("error");
    JsonObject unknown = call(bob, "github__nonexistent").json().getJsonObject("error");
    assertThat(denied.getInteger("code")).isEqualTo(unknown.getInteger("code")).isEqualTo(-32602);
    assertThat(denied.getString("message")).isEqualTo("Unknown tool: github__echo");
    assertThat(call(alice, "github__echo").json().getJsonObject("result")).isNotNull();
  }

  @Test
  void aLocalDenyRuleWinsOverATailnetGrant() throws Exception {
    assertThat(toolNames(alice)).doesNotContain("github__wait");
    assertThat(call(alice, "github__wait").json().getJsonObject("error").getString("message")).contains("Unknown tool");
  }

  @Test
  void aTaggedNodeIsAuthorizedByItsGrant() throws Exception {
    try (PeerHttp ci = new PeerHttp(vertx, CI, hub.url())) {
      assertThat(toolNames(ci)).containsExactly("github__echo");
      JsonObject who = call(ci, "github__echo").json();
      assertThat(who.getJsonObject("result")).isNotNull();
    }
  }

  @Test
  void anUnknownPeerIsRefused() throws Exception {
    try (PeerHttp stranger = new PeerHttp(vertx, "127.0.0.9", hub.url())) {
      PeerHttp.Reply r = stranger.modern("tools/list", null, new JsonObject());
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.json().getJsonObject("error").getString("message")).contains("not a peer on this tailnet");
    }
  }

  @Test
  void whoIsIsAskedOncePerConnection() throws Exception {
    int before = tailscaled.queries(ALICE);
    for (int i = 0; i < 5; i++) {
      alice.modern("server/discover", null, new JsonObject());
    }
    assertThat(tailscaled.queries(ALICE) - before).isEqualTo(1);
  }

  @Test
  void aUserOverTheirGrantedLimitGets429WhileOthersAreUnaffected() throws Exception {
    // The CI node's grant carries a small rate; alice's does not share its bucket.
    tailscaled.peer(CI, FakeTailscaled.example("whois-tagged", new JsonObject().put("switchboard.dev/cap/mcp",
        new JsonArray().add(new JsonObject().put("tools", new JsonArray().add("github__echo"))
            .put("rateLimit", new JsonObject().put("perMinute", 6).put("burst", 3))))));
    try (PeerHttp ci = new PeerHttp(vertx, CI, hub.url())) {
      for (int i = 0; i < 3; i++) {
        assertThat(call(ci, "github__echo").status()).isEqualTo(200);
      }
      PeerHttp.Reply limited = call(ci, "github__echo");
      assertThat(limited.status()).isEqualTo(429);
      assertThat(Integer.parseInt(limited.headers().get("Retry-After"))).isBetween(1, 10);
      JsonObject error = limited.json().getJsonObject("error");
      assertThat(error.getInteger("code")).isEqualTo(-31429);
      assertThat(error.getJsonObject("data").getString("limit")).isEqualTo("user");
      assertThat(error.getJsonObject("data").getLong("retryAfterMs")).isPositive();
      assertThat(call(alice, "github__echo").status()).isEqualTo(200);
    } finally {
      users();
    }
  }

  @Test
  void aSessionPresentedByAnotherUserIsNotFound() throws Exception {
    PeerHttp.Reply init = alice.post(McpHttp.request("initialize", new JsonObject().put("protocolVersion", "2025-11-25")
        .put("capabilities", new JsonObject())), Map.of());
    String sid = init.headers().get("Mcp-Session-Id");
    Map<String, String> h = Map.of("Mcp-Session-Id", sid, "MCP-Protocol-Version", "2025-11-25");
    assertThat(alice.post(McpHttp.request("ping", new JsonObject()), h).status()).isEqualTo(200);
    assertThat(bob.post(McpHttp.request("ping", new JsonObject()), h).status()).isEqualTo(404);
  }

  @Test
  void aGrantChangeTakesEffectOnTheNextConnection() throws Exception {
    assertThat(toolNames(bob)).isEmpty();
    tailscaled.peer(BOB, FakeTailscaled.example("whois-nogrant", new JsonObject().put("switchboard.dev/cap/mcp",
        new JsonArray().add(new JsonObject().put("tools", new JsonArray().add("jira__*"))))));
    assertThat(toolNames(bob)).as("same connection, same answer").isEmpty();
    bob.close();
    bob = new PeerHttp(vertx, BOB, hub.url());
    assertThat(toolNames(bob)).containsExactlyInAnyOrder("jira__echo", "jira__add", "jira__whoami", "jira__wait", "jira__confirm");
  }

  @Test
  void aGrantChangeTellsTheUsersOpenStreamsToListAgain() throws Exception {
    PeerHttp.Reply init = bob.post(McpHttp.request("initialize", new JsonObject().put("protocolVersion", "2025-11-25")
        .put("capabilities", new JsonObject())), Map.of());
    String sid = init.headers().get("Mcp-Session-Id");
    try (PeerHttp bobStream = new PeerHttp(vertx, BOB, hub.url())) {
      var notified = bobStream.stream(Map.of("Mcp-Session-Id", sid), 3);
      Thread.sleep(200); // the stream is open before the grant changes
      tailscaled.peer(BOB, FakeTailscaled.example("whois-nogrant", new JsonObject().put("switchboard.dev/cap/mcp",
          new JsonArray().add(new JsonObject().put("tools", new JsonArray().add("github__echo"))))));
      try (PeerHttp bobElsewhere = new PeerHttp(vertx, BOB, hub.url())) {
        bobElsewhere.modern("server/discover", null, new JsonObject()); // a new connection: WhoIs sees the new grant
      }
      assertThat(notified.get(10, TimeUnit.SECONDS)).extracting(m -> m.getString("method")).containsExactlyInAnyOrder(
          "notifications/tools/list_changed", "notifications/prompts/list_changed", "notifications/resources/list_changed");
    }
  }

  @Test
  void inputRequestStateIsBoundToTheCallerItWasMintedFor() throws Exception {
    JsonObject first = call(alice, "github__confirm").json().getJsonObject("result");
    assertThat(first.getString("resultType")).isEqualTo("input_required");
    String state = first.getString("requestState");
    assertThat(state).doesNotContain("demo-confirm"); // the backend's own state never leaves the hub bare
    JsonObject answer = new JsonObject().put("confirm", new JsonObject().put("action", "accept")
        .put("content", new JsonObject().put("ok", true)));
    JsonObject retry = new JsonObject().put("name", "github__confirm").put("arguments", new JsonObject())
        .put("inputResponses", answer).put("requestState", state);
    PeerHttp.Reply done = alice.modern("tools/call", "github__confirm", retry);
    assertThat(done.json().getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text"))
        .isEqualTo("confirmed");
    tailscaled.peer(BOB, FakeTailscaled.example("whois-nogrant", new JsonObject().put("switchboard.dev/cap/mcp",
        new JsonArray().add(new JsonObject().put("tools", new JsonArray().add("github__*"))))));
    try (PeerHttp grantedBob = new PeerHttp(vertx, BOB, hub.url())) {
      PeerHttp.Reply replay = grantedBob.modern("tools/call", "github__confirm", retry);
      assertThat(replay.status()).isEqualTo(404);
      assertThat(replay.json().getJsonObject("error").getString("message")).contains("requestState not found");
    }
    PeerHttp.Reply tampered = alice.modern("tools/call", "github__confirm", retry.copy().put("requestState", state + "A"));
    assertThat(tampered.status()).isEqualTo(404);
  }

  @Test
  void tailscaledDownFailsClosedAndRecovers() throws Exception {
    tailscaled.stop();
    try (PeerHttp fresh = new PeerHttp(vertx, ALICE, hub.url())) {
      PeerHttp.Reply r = fresh.modern("tools/list", null, new JsonObject());
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.json().getJsonObject("error").getString("message")).contains("tailscaled");
    } finally {
      tailscaled.restart();
    }
    try (PeerHttp fresh = new PeerHttp(vertx, ALICE, hub.url())) {
      assertThat(toolNames(fresh)).isNotEmpty();
    }
  }

  /** Readiness tells the truth with tailscaled gone: no caller needs to try first (it said "ready" before). */
  @Test
  void readinessIsNotReadyWhileTailscaledIsGoneAndSaysSinceWhen() throws Exception {
    String readyz = "http://127.0.0.1:" + hub.hub().adminPort() + "/readyz";
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.util.function.Supplier<JsonObject> ready = () -> {
      try {
        java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(readyz)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        return new JsonObject(r.body()).put("httpStatus", r.statusCode());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
    assertThat(ready.get().getString("identity")).isEqualTo("available");
    java.util.function.ToDoubleFunction<String> changes = to -> { // the hub is shared: count this test's changes
      try {
        String metrics = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
            readyz.replace("/readyz", "/metrics"))).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("switchboard_readiness_changes_total\\{condition="
            + "\"identity\",to=\"" + to + "\"} (\\S+)").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
    double downBefore = changes.applyAsDouble("unavailable");
    double upBefore = changes.applyAsDouble("available");
    tailscaled.stop();
    try {
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
          .until(() -> ready.get().getInteger("httpStatus") == 503);
      assertThat(ready.get().getString("identity")).startsWith("tailscaled unreachable since ");
    } finally {
      tailscaled.restart();
    }
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
        .until(() -> ready.get().getInteger("httpStatus") == 200);
    assertThat(changes.applyAsDouble("unavailable") - downBefore).as("counted once as it began").isEqualTo(1.0);
    assertThat(changes.applyAsDouble("available") - upBefore).as("and once as it ended").isEqualTo(1.0);
  }
}
