package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.support.AuditFixtures;
import dev.switchboard.support.McpHttp;
import dev.switchboard.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Editing the config file of a running hub: backends come and go, sessions and buckets stay, bad files are refused. */
@Timeout(300) // a hang fails the test instead of the whole build
class ConfigReloadIT {
  @TempDir
  Path tmp;

  private String config(Path audit, String extraBackends, String userLists) {
    return """
        listen: {host: 127.0.0.1, port: 0}
        admin: {port: 0}
        routing: {prefix: always}
        limits: {tools: [{tool: "demo__add", perMinute: 6, burst: 2}], userLists: {perMinute: %s}}
        audit: {dir: "%s"}
        backends:
          - {name: demo, type: builtin}
        %s""".formatted(userLists, audit, extraBackends.indent(2));
  }

  private static List<String> legacyTools(McpHttp http, String sid) throws Exception {
    return http.legacy(sid, "tools/list", new JsonObject()).json().getJsonObject("result").getJsonArray("tools")
        .stream().map(t -> ((JsonObject) t).getString("name")).toList();
  }

  private static int add(McpHttp http, String sid) throws Exception {
    return http.legacy(sid, "tools/call", new JsonObject().put("name", "demo__add")
        .put("arguments", new JsonObject().put("a", 1).put("b", 1))).status();
  }

  @Test
  void backendsComeAndGoWhileASessionKeepsWorkingAndBucketsKeepTheirTokens() throws Exception {
    Path file = tmp.resolve("hub.yaml");
    Path audit = tmp.resolve("audit");
    Files.writeString(file, config(audit, "", "1200"));
    try (TestHub hub = TestHub.watching(file)) {
      McpHttp http = new McpHttp(hub.url());
      String sid = http.initialize("2025-11-25");
      assertThat(legacyTools(http, sid)).contains("demo__echo").noneMatch(t -> t.startsWith("more__"));
      assertThat(add(http, sid)).isEqualTo(200); // one of the two tokens used

      Files.writeString(file, config(audit, "- {name: more, type: builtin}\n", "600"));
      await().atMost(Duration.ofSeconds(10)).until(() -> legacyTools(http, sid).contains("more__echo"));
      assertThat(add(http, sid)).isEqualTo(200); // the unchanged add bucket kept its state: one token left…
      assertThat(add(http, sid)).isEqualTo(429); // …and now none

      Files.writeString(file, config(audit, "", "600"));
      await().atMost(Duration.ofSeconds(10)).until(() -> legacyTools(http, sid).stream().noneMatch(t -> t.startsWith("more__")));

      Files.writeString(file, config(audit, "", "600").replace("routing:", "routng:"));
      await().atMost(Duration.ofSeconds(10)).until(() -> scrape(hub).contains(
          "switchboard_config_reloads_total{result=\"rejected\"} 1.0"));
      assertThat(legacyTools(http, sid)).contains("demo__echo"); // the running config stayed
      assertThat(scrape(hub)).contains("switchboard_config_reloads_total{result=\"applied\"} 2.0");
    }
    List<JsonObject> reloads = AuditFixtures.records(audit).stream()
        .filter(r -> r.getString("type").equals("config_reload")).toList();
    assertThat(reloads).extracting(r -> r.getString("result")).containsExactly("applied", "applied", "rejected");
    assertThat(reloads.get(0).getJsonArray("backendsAdded").getList()).containsExactly("more");
    assertThat(reloads.get(0).getBoolean("limitsChanged")).isTrue();
    assertThat(reloads.get(1).getJsonArray("backendsRemoved").getList()).containsExactly("more");
    assertThat(reloads.get(2).getString("error")).contains("unknown key 'routng'");
  }

  @Test
  void sighupReloadsARunningHubProcess() throws Exception {
    Path file = tmp.resolve("hub.yaml");
    String base = """
        listen: {host: 127.0.0.1, port: 0}
        routing: {prefix: always}
        backends:
          - {name: demo, type: builtin}
        """;
    Files.writeString(file, base);
    Process hub = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
        System.getProperty("java.class.path"), "dev.switchboard.cli.Main", "serve", "--config", file.toString())
        .redirectErrorStream(true).start();
    List<String> log = new CopyOnWriteArrayList<>();
    CompletableFuture<String> url = new CompletableFuture<>();
    CompletableFuture<Void> starting = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(hub.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        Pattern listening = Pattern.compile("Switchboard listening on (http://\\S+)");
        while ((line = r.readLine()) != null) {
          log.add(line);
          if (line.contains("Backend 'demo' is up")) {
            starting.complete(null); // the hub is starting and not yet listening
          }
          Matcher m = listening.matcher(line);
          if (m.find()) {
            url.complete(m.group(1));
          }
        }
      } catch (Exception e) {
        url.completeExceptionally(e);
      }
    });
    reader.setDaemon(true);
    reader.start();
    try {
      // A SIGHUP while the hub is still starting (a service manager's reload right after start) must not
      // kill it: the JVM's default action for SIGHUP is to exit.
      starting.get(60, TimeUnit.SECONDS);
      new ProcessBuilder("kill", "-HUP", String.valueOf(hub.pid())).start().waitFor(10, TimeUnit.SECONDS);
      McpHttp http = new McpHttp(url.get(60, TimeUnit.SECONDS));
      assertThat(hub.isAlive()).as("a SIGHUP during start-up does not stop the hub").isTrue();
      Files.writeString(file, base + "  - {name: more, type: builtin}\n");
      new ProcessBuilder("kill", "-HUP", String.valueOf(hub.pid())).start().waitFor(10, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(10)).until(() -> http.modern("tools/list", null, new JsonObject()).body()
          .contains("more__echo"));
      assertThat(log).anyMatch(l -> l.contains("(SIGHUP)"));
      assertThat(hub.isAlive()).as("SIGHUP reloads; it does not stop the hub").isTrue();
    } finally {
      hub.destroy();
      hub.waitFor(20, TimeUnit.SECONDS);
    }
  }

  private static String scrape(TestHub hub) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + hub.hub().adminPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
  }
}
