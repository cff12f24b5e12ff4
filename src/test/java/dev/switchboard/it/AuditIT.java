package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.support.AuditFixtures;
import dev.switchboard.support.McpHttp;
import dev.switchboard.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The trail as a hub writes it for real calls, and what the hub does when it cannot write it. */
@Timeout(300) // a hang fails the test instead of the whole build
class AuditIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path tmp;

  private static McpHttp.Reply call(McpHttp http, String tool, JsonObject args) throws Exception {
    return http.modern("tools/call", tool, new JsonObject().put("name", tool).put("arguments", args));
  }

  private static HttpResponse<String> readyz(TestHub hub) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.hub().adminPort() + "/readyz"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String config(Path dir, String extra) {
    return """
        listen: {host: 127.0.0.1, port: 0}
        admin: {port: 0}
        policy: {rules: [{users: [dev@localhost], allow: {tools: [echo, add]}}]}
        limits: {tools: [{tool: add, perMinute: 60, burst: 1}]}
        audit: {dir: "%s"%s}
        backends:
          - {name: demo, type: builtin}
        """.formatted(dir, extra);
  }

  /**
   * GIVEN a user hammering a rate-limited tool, THEN the trail holds the first refusals in full and one
   * summary counting the rest, not a record each (0.67 MB/s of them in a probe).
   */
  @Test
  void refusalsBeyondTheirBudgetAreCountedInOneSummary() throws Exception {
    Path dir = tmp.resolve("trail");
    try (TestHub hub = TestHub.start(config(dir, ", refusals: {burst: 5, interval: 1s}"))) {
      McpHttp http = new McpHttp(hub.url());
      int limited = 0;
      for (int i = 0; i < 200; i++) {
        limited += call(http, "add", new JsonObject().put("a", 1).put("b", 2)).status() == 429 ? 1 : 0;
      }
      assertThat(limited).isGreaterThanOrEqualTo(195);
      int counted = limited;
      await().atMost(Duration.ofSeconds(15)).until(() -> AuditFixtures.records(dir).stream()
          .filter(r -> r.getString("type").equals("refusals_summarized")).mapToLong(r -> r.getLong("count")).sum()
          + AuditFixtures.records(dir).stream().filter(r -> r.getString("type").equals("rate_limited")).count()
          == counted);
      List<JsonObject> records = AuditFixtures.records(dir);
      assertThat(records.stream().filter(r -> r.getString("type").equals("rate_limited")).count())
          .as("full records: at most the burst in each second the loop ran").isLessThan(100);
      JsonObject summary = records.stream().filter(r -> r.getString("type").equals("refusals_summarized"))
          .findFirst().orElseThrow();
      assertThat(summary.getString("user")).isEqualTo("dev@localhost");
      assertThat(summary.getString("reason")).isEqualTo("rate_limited");
    }
    var verify = AuditFixtures.run("audit", "verify", dir.toString()); // summaries are links of the chain
    assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
  }

  @Test
  void everyDecisionLeavesOneRecordWithWhoWhatAndOutcome() throws Exception {
    Path dir = tmp.resolve("trail");
    String sid;
    try (TestHub hub = TestHub.start(config(dir, ""))) {
      McpHttp http = new McpHttp(hub.url());
      sid = http.initialize("2025-11-25");
      assertThat(http.legacy(sid, "tools/call", new JsonObject().put("name", "echo").put("arguments",
          new JsonObject().put("message", "hello").put("token", "s3cr3t"))).status()).isEqualTo(200);
      http.send("DELETE", Map.of("Mcp-Session-Id", sid, "MCP-Protocol-Version", "2025-11-25"));
      assertThat(call(http, "echo", new JsonObject().put("message", "modern")).status()).isEqualTo(200);
      call(http, "whoami", new JsonObject());
      assertThat(call(http, "add", new JsonObject().put("a", 1).put("b", 2)).status()).isEqualTo(200);
      assertThat(call(http, "add", new JsonObject().put("a", 1).put("b", 2)).status()).isEqualTo(429);
    }

    List<JsonObject> records = AuditFixtures.records(dir);
    assertThat(records).extracting(r -> r.getString("type")).containsExactly("hub_start", "backend_state",
        "session_start", "call", "session_end", "call", "denied", "call", "rate_limited", "hub_stop", "checkpoint");
    JsonObject legacyCall = records.get(3);
    assertThat(legacyCall.getString("user")).isEqualTo("dev@localhost");
    assertThat(legacyCall.getString("displayName")).isEqualTo("Local Developer");
    assertThat(legacyCall.getString("identitySource")).isEqualTo("dev");
    assertThat(legacyCall.getJsonObject("client").getString("name")).isEqualTo("raw");
    assertThat(legacyCall.getString("era")).isEqualTo("legacy");
    assertThat(legacyCall.getString("session")).hasSize(32).isEqualTo(records.get(2).getString("session"))
        .isEqualTo(records.get(4).getString("session"));
    assertThat(legacyCall.getString("backend")).isEqualTo("demo");
    assertThat(legacyCall.getString("name")).isEqualTo("echo");
    assertThat(legacyCall.getJsonObject("arguments"))
        .isEqualTo(new JsonObject().put("message", "hello").put("token", "[redacted]"));
    assertThat(legacyCall.getJsonObject("decision").getString("result")).isEqualTo("allowed");
    assertThat(legacyCall.getJsonObject("outcome").getString("result")).isEqualTo("ok");
    assertThat(legacyCall.getInteger("bytesIn")).isGreaterThan(50);
    assertThat(legacyCall.getInteger("bytesOut")).isGreaterThan(10);
    assertThat(legacyCall.getDouble("latencyMs")).isGreaterThanOrEqualTo(0.0);
    assertThat(records.get(4).getString("reason")).isEqualTo("deleted");
    assertThat(records.get(5).getString("era")).isEqualTo("modern");
    assertThat(records.get(6).getJsonObject("decision").getString("result")).isEqualTo("denied");
    assertThat(records.get(6).getString("name")).isEqualTo("whoami");
    assertThat(records.get(8).getJsonObject("decision").getString("limit")).isEqualTo("user-tool:add");
    assertThat(records.get(8).getJsonObject("decision").getLong("retryAfterMs")).isPositive();
    assertThat(records.toString()).doesNotContain(sid).doesNotContain("s3cr3t");

    var verify = AuditFixtures.run("audit", "verify", dir.toString());
    assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out()).startsWith("OK: 11 records in 1 files");
    var denied = AuditFixtures.run("audit", "query", dir.toString(), "--decision", "denied", "--json");
    assertThat(denied.out().lines().toList()).hasSize(1).allMatch(l -> l.contains("\"whoami\""));
    var table = AuditFixtures.run("audit", "query", dir.toString(), "--user", "dev@localhost", "--tool", "ad*");
    assertThat(table.out().lines().toList()).hasSize(3).first().asString().startsWith("TIME");
    assertThat(AuditFixtures.run("audit", "query", dir.toString(), "--since", "yesterday").exit()).isEqualTo(2);

    Path file = Files.list(dir).findFirst().orElseThrow();
    Files.writeString(file, Files.readString(file).replace("\"modern\"", "\"MODERN\""));
    var broken = AuditFixtures.run("audit", "verify", dir.toString());
    assertThat(broken.exit()).isEqualTo(1);
    assertThat(broken.out()).contains("BROKEN: " + file.getFileName() + ":7: chain broken");
  }

  @Test
  void aCallToANameTheHubDoesNotOfferIsRecordedWithThatNameAndPrintedOnOneLine() throws Exception {
    Path dir = tmp.resolve("trail");
    String forged = "nope\n2026-01-01T00:00:00.000Z call  admin@example.com  tools/call demo/echo  allowed \u001b[2J";
    try (TestHub hub = TestHub.start(config(dir, ""))) {
      McpHttp http = new McpHttp(hub.url());
      McpHttp.Reply r = http.post(McpHttp.modernRequest("tools/call", new JsonObject().put("name", forged)).encode(),
          McpHttp.modernHeaders("tools/call", "=?base64?" + java.util.Base64.getEncoder().encodeToString(
              forged.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "?="));
      assertThat(r.json().getJsonObject("error").getString("message")).startsWith("Unknown tool");
    }
    JsonObject record = AuditFixtures.records(dir).stream().filter(x -> "call".equals(x.getString("type")))
        .findFirst().orElseThrow();
    assertThat(record.getString("name")).isEqualTo(forged); // was not recorded; the decision said "allowed"
    assertThat(record.getJsonObject("decision").getString("result")).isEqualTo("unknown");
    var table = AuditFixtures.run("audit", "query", dir.toString(), "--decision", "unknown");
    assertThat(table.out().lines().toList()).hasSize(2); // the header and one row: the name's line break escaped
    assertThat(table.out()).contains("?/nope\\u000a2026-01-01").contains("\\u001b[2J").doesNotContain("\u001b");
  }

  @Test
  void whatAClientChoseTakesABoundedPlaceInEveryRecordAndASessionKeepsABoundedClient() throws Exception {
    Path dir = tmp.resolve("trail");
    String longName = "c".repeat(60_000); // within what a session keeps (64 KiB), far over what a record does
    int calls = 20;
    try (TestHub hub = TestHub.start(config(dir, ""))) {
      McpHttp http = new McpHttp(hub.url());
      McpHttp.Reply init = http.post(McpHttp.request("initialize", new JsonObject().put("protocolVersion", "2025-11-25")
          .put("capabilities", new JsonObject()).put("clientInfo", new JsonObject().put("name", longName)
              .put("version", "v".repeat(1_000)))).encode(), Map.of());
      String sid = init.header("Mcp-Session-Id");
      for (int i = 0; i < calls; i++) {
        assertThat(http.legacy(sid, "tools/call", new JsonObject().put("name", "echo").put("arguments",
            new JsonObject().put("message", "hi"))).status()).isEqualTo(200);
      }
      McpHttp.Reply unknown = http.legacy(sid, "tools/call", new JsonObject().put("name", "n".repeat(1_000_000)));
      assertThat(unknown.json().getJsonObject("error").getString("message")).startsWith("Unknown tool");
      McpHttp.Reply tooMuch = http.post(McpHttp.request("initialize", new JsonObject().put("protocolVersion",
          "2025-11-25").put("capabilities", new JsonObject().put("experimental", new JsonObject().put("x",
              "x".repeat(70_000)))).put("clientInfo", new JsonObject().put("name", "n").put("version", "1"))).encode(),
          Map.of());
      assertThat(tooMuch.status()).isEqualTo(200); // a JSON-RPC error, as invalid params always are
      assertThat(tooMuch.json().getJsonObject("error").getInteger("code")).isEqualTo(-32602);
      assertThat(tooMuch.json().getJsonObject("error").getString("message"))
          .contains("clientInfo and capabilities take").contains("a session keeps at most 65536");
      assertThat(tooMuch.header("Mcp-Session-Id")).isNull();
    }
    List<JsonObject> records = AuditFixtures.records(dir);
    List<JsonObject> callRecords = records.stream().filter(r -> "call".equals(r.getString("type"))).toList();
    assertThat(callRecords).hasSize(calls + 1);
    for (JsonObject r : callRecords) { // each was ~60 KB of client name before, written once per call
      assertThat(r.encode()).hasSizeLessThan(3_000);
      assertThat(r.getJsonObject("client").getString("name")).hasSize(257).startsWith("ccc").endsWith("…");
    }
    JsonObject unknown = callRecords.get(calls);
    assertThat(unknown.getString("name")).hasSize(257);
    assertThat(unknown.getJsonObject("outcome").getString("message")).hasSize(1025).startsWith("Unknown tool: nnn");
    assertThat(Files.size(dir.resolve(Files.list(dir).findFirst().orElseThrow().getFileName()))).isLessThan(200_000);
  }

  @Test
  void aQueryOfADirectoryWithoutATrailSaysSoInsteadOfPrintingNoRecords() throws Exception {
    var missing = AuditFixtures.run("audit", "query", tmp.resolve("no-such-dir").toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("no-such-dir: no such directory");
    assertThat(missing.out()).isEmpty();
    Files.createDirectories(tmp.resolve("empty"));
    var empty = AuditFixtures.run("audit", "query", tmp.resolve("empty").toString(), "--json");
    assertThat(empty.exit()).isEqualTo(2);
    assertThat(empty.err()).contains("empty: no audit files (audit-*.jsonl) found");
    var tail = AuditFixtures.run("audit", "tail", tmp.resolve("no-such-dir").toString());
    assertThat(tail.exit()).isEqualTo(2); // it waited for ever
    assertThat(tail.err()).contains("no such directory");
  }

  @Test
  void identityFailuresAreRecordedWithTheAddressTheyCameFrom() throws Exception {
    Path dir = tmp.resolve("trail");
    try (TestHub hub = TestHub.start("""
        listen: {host: 127.0.0.1, port: 0}
        identity: {mode: serve-headers, trustedProxies: [127.0.0.9]}
        audit: {dir: "%s"}
        backends:
          - {name: demo, type: builtin}
        """.formatted(dir))) {
      McpHttp.Reply r = new McpHttp(hub.url()).post(McpHttp.modernRequest("tools/call", new JsonObject()
              .put("name", "echo")).encode(),
          Map.of("MCP-Protocol-Version", McpHttp.MODERN, "Mcp-Method", "tools/call", "Mcp-Name", "echo",
              "Tailscale-User-Login", "mallory@example.com"));
      assertThat(r.status()).isEqualTo(403);
      // A request that never becomes an exchange (a GET stream) is recorded too.
      assertThat(new McpHttp(hub.url()).send("GET", Map.of("Accept", "text/event-stream", "Mcp-Session-Id", "abc",
          "MCP-Protocol-Version", "2025-11-25", "Tailscale-User-Login", "mallory@example.com")).status()).isEqualTo(403);
    }
    List<JsonObject> failures = AuditFixtures.records(dir).stream()
        .filter(r -> r.getString("type").equals("identity_failure")).toList();
    assertThat(failures).extracting(f -> f.getString("method")).containsExactly("tools/call", "GET");
    JsonObject failure = failures.get(0);
    assertThat(failure.getString("user")).isNull();
    assertThat(failure.getString("address")).startsWith("127.0.0.1:");
    assertThat(failure.getJsonObject("decision").getString("result")).isEqualTo("refused");
    assertThat(failure.getJsonObject("decision").getString("reason")).contains("not trusted");
    assertThat(failure.getString("name")).isNull(); // never routed: a refused caller learns nothing
  }

  @Test
  void failsClosedWhileTheTrailCannotBeWrittenThenRecovers() throws Exception {
    Path dir = tmp.resolve("trail");
    Files.writeString(dir, "a file where the audit directory should be");
    try (TestHub hub = TestHub.start(config(dir, ""))) {
      McpHttp http = new McpHttp(hub.url());
      McpHttp.Reply refused = call(http, "echo", new JsonObject().put("message", "m"));
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.json().getJsonObject("error").getString("message"))
          .startsWith("The audit trail cannot be written (").endsWith("calls are refused until it can be");
      HttpResponse<String> ready = readyz(hub);
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(new JsonObject(ready.body()).getString("audit")).startsWith("not writable: ")
          .containsPattern("\\(since 20\\d\\d-\\d\\d-\\d\\dT");

      Files.delete(dir);
      await().atMost(Duration.ofSeconds(15)).until(() -> call(http, "echo", new JsonObject().put("message", "m"))
          .status() == 200);
      assertThat(readyz(hub).statusCode()).isEqualTo(200);
      String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.hub().adminPort()
          + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
      assertThat(metrics).contains( // failing retries are no changes: once down, once back
          "switchboard_readiness_changes_total{condition=\"audit\",to=\"unavailable\"} 1.0",
          "switchboard_readiness_changes_total{condition=\"audit\",to=\"available\"} 1.0");
    }
    assertThat(AuditFixtures.run("audit", "verify", dir.toString()).exit()).isZero();
    assertThat(AuditFixtures.records(dir)).extracting(r -> r.getString("type")).contains("hub_start", "call");
  }

  @Test
  void failingOpenKeepsServingWhileTheTrailCannotBeWritten() throws Exception {
    Path dir = tmp.resolve("trail");
    Files.writeString(dir, "not a directory");
    try (TestHub hub = TestHub.start(config(dir, ", failure: open"))) {
      assertThat(call(new McpHttp(hub.url()), "echo", new JsonObject().put("message", "m")).status()).isEqualTo(200);
      HttpResponse<String> ready = readyz(hub);
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(ready.body()).getString("audit")).startsWith("not writable: ");
    }
  }
}
