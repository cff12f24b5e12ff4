package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.backend.StdioBackend;
import dev.switchboard.support.McpHttp;
import dev.switchboard.support.NodePeer;
import dev.switchboard.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * stdio backends as real processes: servers from npm (server-everything, server-memory) and a fixture
 * that misbehaves on purpose (garbage on stdout, a call that never returns), with per-user processes.
 */
@Timeout(300) // a hang fails the test instead of the whole build
class StdioBackendIT {
  @TempDir
  Path tmp;

  private static String node() {
    return NodePeer.node();
  }

  private static String module(String path) {
    return NodePeer.nodeDir().resolve(path).toAbsolutePath().toString();
  }

  private String config(String backends) {
    return """
        listen: {host: 127.0.0.1, port: 0}
        identity: {mode: serve-headers, trustedProxies: [127.0.0.1]}
        policy: {rules: [{users: ["*"], allow: {tools: ["*"], resources: ["*"], prompts: ["*"]}}]}
        limits: {enabled: false}
        backends:
        %s
        """.formatted(backends.indent(2));
  }

  private static McpHttp.Reply call(TestHub hub, String user, String tool, JsonObject args) throws Exception {
    Map<String, String> headers = new HashMap<>(McpHttp.modernHeaders("tools/call", tool));
    headers.put("Tailscale-User-Login", user);
    return new McpHttp(hub.url()).post(McpHttp.modernRequest("tools/call", new JsonObject().put("name", tool)
        .put("arguments", args)).encode(), headers);
  }

  private static String text(McpHttp.Reply r) {
    JsonObject result = r.json().getJsonObject("result");
    assertThat(result).as(r.body()).isNotNull();
    return result.getJsonArray("content").getJsonObject(0).getString("text");
  }

  private static StdioBackend backend(TestHub hub, String name) {
    return (StdioBackend) hub.hub().pool().get(name).orElseThrow();
  }

  @Test
  void serverEverythingOverStdioServesItsToolsThroughTheHub() throws Exception {
    try (TestHub hub = TestHub.start(config("""
        - {name: ev, type: stdio, command: "%s", args: ["%s", "stdio"], stateDir: "%s"}
        """.formatted(node(), module("node_modules/@modelcontextprotocol/server-everything/dist/index.js"),
        tmp.resolve("state"))))) {
      McpHttp.Reply sum = call(hub, "alice@example.com", "get-sum", new JsonObject().put("a", 2).put("b", 3));
      assertThat(text(sum)).contains("5");
    }
  }

  @Test
  void aLegacyCallWhoseMetaIsNotAnObjectIsInvalidParamsNotAnInternalError() throws Exception {
    // It reached the stdio channel, which read it as an object after registering the call: HTTP 500, and a
    // call left pending in the user's process for ever.
    try (TestHub hub = TestHub.start(config("""
        - {name: ev, type: stdio, command: "%s", args: ["%s", "stdio"], stateDir: "%s"}
        """.formatted(node(), module("node_modules/@modelcontextprotocol/server-everything/dist/index.js"),
        tmp.resolve("state"))))) {
      McpHttp http = new McpHttp(hub.url());
      Map<String, String> alice = Map.of("Tailscale-User-Login", "alice@example.com");
      McpHttp.Reply init = http.post(McpHttp.request("initialize", new JsonObject().put("protocolVersion", "2025-11-25")
          .put("capabilities", new JsonObject())).encode(), alice);
      Map<String, String> session = new HashMap<>(alice);
      session.put("Mcp-Session-Id", init.header("Mcp-Session-Id"));
      session.put("MCP-Protocol-Version", "2025-11-25");
      for (Object meta : new Object[] {"x", 5, new io.vertx.core.json.JsonArray().add(1)}) {
        McpHttp.Reply r = http.post(McpHttp.request("tools/call", new JsonObject().put("name", "get-sum")
            .put("arguments", new JsonObject().put("a", 1).put("b", 1)).put("_meta", meta)).encode(), session);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().getJsonObject("error").getInteger("code")).isEqualTo(-32602);
        assertThat(r.json().getJsonObject("error").getString("message")).contains("'_meta' must be an object");
      }
      McpHttp.Reply sum = http.post(McpHttp.request("tools/call", new JsonObject().put("name", "get-sum")
          .put("arguments", new JsonObject().put("a", 2).put("b", 3))).encode(), session);
      assertThat(text(sum)).contains("5");
    }
  }

  @Test
  void serverFilesystemOnATempDirAndTheJavaSdkServerWorkAsStdioBackends() throws Exception {
    Path shared = java.nio.file.Files.createDirectories(tmp.resolve("shared"));
    java.nio.file.Files.writeString(shared.resolve("notes.txt"), "launch is on Friday");
    String java = ProcessHandle.current().info().command().orElse("java");
    try (TestHub hub = TestHub.start(config("""
        - {name: fs, type: stdio, command: "%s", args: ["%s", "%s"], stateDir: "%s"}
        - {name: jsdk, type: stdio, command: "%s", args: ["-cp", "%s", "dev.switchboard.support.JavaSdkStdioServer"], stateDir: "%s"}
        """.formatted(node(), module("node_modules/@modelcontextprotocol/server-filesystem/dist/index.js"), shared,
        tmp.resolve("state"), java, System.getProperty("java.class.path"), tmp.resolve("state"))))) {
      McpHttp.Reply read = call(hub, "alice@example.com", "fs__read_text_file",
          new JsonObject().put("path", shared.resolve("notes.txt").toString()));
      assertThat(read.body()).contains("launch is on Friday");
      McpHttp.Reply outside = call(hub, "alice@example.com", "fs__read_text_file",
          new JsonObject().put("path", "/etc/hostname"));
      assertThat(outside.body()).containsIgnoringCase("denied").doesNotContain("launch");
      assertThat(text(call(hub, "alice@example.com", "jsdk__shout", new JsonObject().put("message", "quiet please"))))
          .isEqualTo("QUIET PLEASE");
    }
  }

  /**
   * A stdio server inherits only the few variables the MCP SDKs' stdio clients pass on (PATH, HOME …) and its
   * backend's own {@code env}: never the hub's environment, where its secrets are (this JVM's, here: JAVA_HOME,
   * MAVEN_* and whatever the CI sets).
   */
  @Test
  void aStdioServerGetsOnlyItsOwnEnvironmentNotTheHubs() throws Exception {
    String javaBin = ProcessHandle.current().info().command().orElse("java");
    try (TestHub hub = TestHub.start(config("""
        - {name: jsdk, type: stdio, command: "%s", args: ["-cp", "%s", "dev.switchboard.support.JavaSdkStdioServer"], stateDir: "%s", env: {GITHUB_HOST: example.test}}
        """.formatted(javaBin, System.getProperty("java.class.path"), tmp.resolve("state"))))) {
      java.util.List<String> names = java.util.List.of(text(call(hub, "alice@example.com", "environment",
          new JsonObject())).split(","));

      assertThat(names).contains("GITHUB_HOST", "PATH")
          .allSatisfy(n -> assertThat(java.util.Set.of("HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER", "LANG",
              "TMPDIR", "GITHUB_HOST")).as("the hub's environment stays the hub's").contains(n));
      assertThat(System.getenv().keySet()).as("this JVM has variables the server must not see")
          .anyMatch(n -> !java.util.Set.of("HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER", "LANG", "TMPDIR")
              .contains(n));
    }
  }

  @Test
  void twoUsersMemoryServerStateNeverMixes() throws Exception {
    try (TestHub hub = TestHub.start(config("""
        - name: memory
          type: stdio
          command: "%s"
          args: ["%s"]
          env: {MEMORY_FILE_PATH: "{userDir}/memory.jsonl"}
          stateDir: "%s"
        """.formatted(node(), module("node_modules/@modelcontextprotocol/server-memory/dist/index.js"),
        tmp.resolve("state"))))) {
      JsonObject entity = new JsonObject().put("entities", new io.vertx.core.json.JsonArray().add(new JsonObject()
          .put("name", "alice-secret-project").put("entityType", "project")
          .put("observations", new io.vertx.core.json.JsonArray().add("launch is on Friday"))));
      assertThat(call(hub, "alice@example.com", "create_entities", entity).status()).isEqualTo(200);

      String alice = text(call(hub, "alice@example.com", "read_graph", new JsonObject()));
      String bob = text(call(hub, "bob@example.com", "read_graph", new JsonObject()));
      assertThat(alice).contains("alice-secret-project");
      assertThat(bob).doesNotContain("alice-secret-project");
      StdioBackend memory = backend(hub, "memory");
      assertThat(memory.pidOf("alice@example.com")).isPositive().isNotEqualTo(memory.pidOf("bob@example.com"));
    }
  }

  @Test
  void aBackendKilledMidCallFailsTheCallAtOnceAndIsRestarted() throws Exception {
    try (TestHub hub = TestHub.start(config("""
        - {name: ev, type: stdio, command: "%s", args: ["%s", "stdio"], timeout: 60s, stateDir: "%s"}
        - {name: demo, type: builtin}
        """.formatted(node(), module("node_modules/@modelcontextprotocol/server-everything/dist/index.js"),
        tmp.resolve("state"))))) {
      StdioBackend ev = backend(hub, "ev");
      var pending = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try {
          return call(hub, "alice@example.com", "ev__trigger-long-running-operation",
              new JsonObject().put("duration", 30).put("steps", 3));
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      await().atMost(Duration.ofSeconds(20)).until(() -> ev.pidOf("alice@example.com") > 0);
      Thread.sleep(300); // let the call reach the process
      long pid = ev.pidOf("alice@example.com");
      long killedAt = System.nanoTime();
      ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL, 30 s before the call would end
      McpHttp.Reply failed = pending.get(20, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofSeconds(10));
      assertThat(failed.json().getJsonObject("error").getString("message"))
          .startsWith("Backend 'ev': its process exited");
      // The other backend never noticed; the crashed one starts again (after a short backoff) for later calls.
      assertThat(text(call(hub, "alice@example.com", "demo__echo", new JsonObject().put("message", "fine"))))
          .isEqualTo("fine");
      await().atMost(Duration.ofSeconds(15)).until(() -> call(hub, "alice@example.com", "ev__get-sum",
          new JsonObject().put("a", 1).put("b", 1)).json().containsKey("result"));
      assertThat(ev.pidOf("alice@example.com")).isPositive().isNotEqualTo(pid);
    }
  }

  @Test
  void aHangingBackendTimesOutWithAClearError() throws Exception {
    try (TestHub hub = TestHub.start(config("""
        - {name: fx, type: stdio, command: "%s", args: ["%s", "hang"], timeout: 1500ms, stateDir: "%s"}
        """.formatted(node(), module("stdio-fixture.mjs"), tmp.resolve("state"))))) {
      McpHttp.Reply r = call(hub, "alice@example.com", "echo", new JsonObject().put("message", "x"));
      assertThat(r.json().getJsonObject("error").getString("message"))
          .isEqualTo("Backend 'fx' did not answer tools/call within 1500 ms");
    }
  }

  /**
   * GIVEN a user's process that stops answering, WHEN a call misses its deadline without a word from it,
   * THEN the process is stopped and counted, and the user's next call gets a new one (before, every later
   * call of that user timed out too).
   */
  @Test
  void aProcessSilentPastADeadlineIsStoppedAndReplaced() throws Exception {
    try (TestHub hub = TestHub.start(config("""
        - {name: fx, type: stdio, command: "%s", args: ["%s", "hang"], timeout: 1500ms, stateDir: "%s"}
        """.formatted(node(), module("stdio-fixture.mjs"), tmp.resolve("state"))).replace("limits:", "admin: {port: 0}\nlimits:"))) {
      StdioBackend fx = backend(hub, "fx");
      call(hub, "alice@example.com", "echo", new JsonObject().put("message", "x"));
      long stuck = fx.pidOf("alice@example.com");
      await().atMost(Duration.ofSeconds(10)).until(() -> !ProcessHandle.of(stuck).map(ProcessHandle::isAlive)
          .orElse(false));
      assertThat(fx.stuckStops()).isEqualTo(1);
      String admin = "http://127.0.0.1:" + hub.hub().adminPort();
      java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
      String readyz = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(admin + "/readyz")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      assertThat(new JsonObject(readyz).getJsonObject("stuckProcessesStopped").getInteger("fx")).isEqualTo(1);
      String metrics = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(admin + "/metrics")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      assertThat(metrics).contains("switchboard_backend_stuck_stops_total{backend=\"fx\"} 1.0");
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        call(hub, "alice@example.com", "echo", new JsonObject().put("message", "x"));
        return fx.pidOf("alice@example.com") != stuck;
      });
    }
  }

  /** A process that floods stdout without a message (lines, or one line without end) is stopped long before its call's deadline. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"flood", "floodline"})
  void aProcessFloodingStdoutIsStopped(String mode) throws Exception {
    try (TestHub hub = TestHub.start(config("""
        - {name: fx, type: stdio, command: "%s", args: ["%s", "%s"], timeout: 60s, stateDir: "%s"}
        """.formatted(node(), module("stdio-fixture.mjs"), mode, tmp.resolve("state"))))) {
      long started = System.nanoTime();
      McpHttp.Reply r = call(hub, "alice@example.com", "echo", new JsonObject().put("message", "x"));
      assertThat(r.json().getJsonObject("error").getString("message")).as(r.body())
          .startsWith("Backend 'fx': its process exited");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
      assertThat(backend(hub, "fx").stuckStops()).isEqualTo(1);
    }
  }

  /**
   * The MCP stdio transport's shutdown: stdin closed first (a server that then exits was never signalled),
   * SIGTERM for one that stays, SIGKILL for one that ignores that too; nothing outlives the hub.
   */
  @Test
  void stdioServersAreStoppedAsTheTransportAsksAndNothingOutlivesTheHub() throws Exception {
    Path polite = tmp.resolve("polite.log");
    Path stubborn = tmp.resolve("stubborn.log");
    List<Long> pids = new java.util.ArrayList<>();
    TestHub hub = TestHub.start(config("""
        - {name: ok, type: stdio, command: "%1$s", args: ["%2$s", "ok"], env: {STDIO_FIXTURE_EXIT_LOG: "%3$s"}, stateDir: "%5$s"}
        - {name: st, type: stdio, command: "%1$s", args: ["%2$s", "stubborn"], env: {STDIO_FIXTURE_EXIT_LOG: "%4$s"}, stateDir: "%5$s"}
        """.formatted(node(), module("stdio-fixture.mjs"), polite, stubborn, tmp.resolve("state"))));
    try {
      assertThat(text(call(hub, "alice@example.com", "ok__echo", new JsonObject().put("message", "a")))).isEqualTo("a");
      assertThat(text(call(hub, "alice@example.com", "st__echo", new JsonObject().put("message", "b")))).isEqualTo("b");
      for (String name : List.of("ok", "st")) {
        pids.add(backend(hub, name).pidOf("alice@example.com"));
        pids.add(backend(hub, name).pidOf(""));
      }
    } finally {
      hub.close();
    }
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("process %d", pid).isFalse();
    }
    assertThat(Files.readAllLines(polite)).as("ended by its stdin, never signalled").containsOnly("stdin closed");
    assertThat(Files.readAllLines(stubborn)).contains("stdin closed", "SIGTERM");
  }

  /** maxProcesses counts users' processes: the hub's own (its catalog) never takes a user's place. */
  @Test
  void maxProcessesCountsUsersProcessesNotTheHubsOwn() throws Exception {
    try (TestHub hub = TestHub.start(config("""
        - {name: fx, type: stdio, command: "%s", args: ["%s", "ok"], maxProcesses: 2, stateDir: "%s"}
        """.formatted(node(), module("stdio-fixture.mjs"), tmp.resolve("state"))))) {
      assertThat(text(call(hub, "alice@example.com", "echo", new JsonObject().put("message", "a")))).isEqualTo("a");
      assertThat(text(call(hub, "bob@example.com", "echo", new JsonObject().put("message", "b")))).isEqualTo("b");
      McpHttp.Reply third = call(hub, "carol@example.com", "echo", new JsonObject().put("message", "c"));
      assertThat(third.json().getJsonObject("error").getString("message")).contains("is at its limit of 2 processes");
    }
  }

  @Test
  void garbageOnStdoutIsSkippedAndCallsStillWork() throws Exception {
    try (TestHub hub = TestHub.start(config("""
        - {name: fx, type: stdio, command: "%s", args: ["%s", "garbage"], stateDir: "%s"}
        """.formatted(node(), module("stdio-fixture.mjs"), tmp.resolve("state"))))) {
      assertThat(text(call(hub, "alice@example.com", "echo", new JsonObject().put("message", "still fine"))))
          .isEqualTo("still fine");
    }
  }

  @Test
  void initializeIsReadAsOverHttpAVersionLeftOutMeansTheOldestAndWhatIsOnlyShownMayBeWrong() throws Exception {
    try (TestHub hub = TestHub.start(config("""
        - {name: fx, type: stdio, command: "%s", args: ["%s", "noversion"], stateDir: "%s"}
        """.formatted(node(), module("stdio-fixture.mjs"), tmp.resolve("state"))))) {
      assertThat(text(call(hub, "alice@example.com", "echo", new JsonObject().put("message", "up"))))
          .isEqualTo("up"); // refused before, although the same answer over HTTP was taken
    }
  }

  @Test
  void idleProcessesAreReapedAndNoneOutliveTheHub() throws Exception {
    long pid;
    try (TestHub hub = TestHub.start(config("""
        - {name: fx, type: stdio, command: "%s", args: ["%s", "ok"], idleTimeout: 1s, stateDir: "%s"}
        """.formatted(node(), module("stdio-fixture.mjs"), tmp.resolve("state"))))) {
      StdioBackend fx = backend(hub, "fx");
      long first = Long.parseLong(text(call(hub, "carol@example.com", "pid", new JsonObject())));
      assertThat(fx.pidOf("carol@example.com")).isEqualTo(first);
      await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(first).isEmpty()
          || !ProcessHandle.of(first).get().isAlive());
      long again = Long.parseLong(text(call(hub, "carol@example.com", "pid", new JsonObject())));
      assertThat(again).isNotEqualTo(first);
      pid = again;
    }
    long last = pid;
    await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(last).isEmpty()
        || !ProcessHandle.of(last).get().isAlive());
  }
}
