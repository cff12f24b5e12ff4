package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.AuditFixtures;
import dev.switchboard.support.McpHttp;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code kill -9} of a hub under load: every call a client saw answered is in a trail that verifies. */
@Timeout(300) // a hang fails the test instead of the whole build
class AuditCrashIT {
  private static final Pattern LISTENING = Pattern.compile("Switchboard listening on (http://\\S+)");

  @TempDir
  Path tmp;

  @Test
  void everyAnsweredCallSurvivesKillDashNine() throws Exception {
    Path dir = tmp.resolve("trail");
    Path config = tmp.resolve("hub.yaml");
    Files.writeString(config, """
        listen: {host: 127.0.0.1, port: 0}
        audit: {dir: "%s", arguments: full}
        limits: {enabled: false}
        backends:
          - {name: demo, type: builtin}
        """.formatted(dir));
    String java = ProcessHandle.current().info().command().orElse("java");
    Process hub = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.switchboard.cli.Main",
        "serve", "--config", config.toString()).redirectErrorStream(true).start();
    try {
      String url = awaitUrl(hub);
      Set<String> answered = ConcurrentHashMap.newKeySet();
      AtomicBoolean killed = new AtomicBoolean();
      List<CompletableFuture<Void>> clients = new ArrayList<>();
      for (int c = 0; c < 8; c++) {
        int client = c;
        clients.add(CompletableFuture.runAsync(() -> load(new McpHttp(url), client, answered, killed)));
      }
      Thread.sleep(1500);
      hub.destroyForcibly(); // SIGKILL: no shutdown hook, no final checkpoint
      killed.set(true);
      assertThat(hub.waitFor(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

      var verify = AuditFixtures.run("audit", "verify", dir.toString());
      assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
      assertThat(verify.err()).contains("does not end with a shutdown checkpoint");
      Set<String> recorded = ConcurrentHashMap.newKeySet();
      for (JsonObject r : AuditFixtures.records(dir)) {
        if ("call".equals(r.getString("type"))) {
          recorded.add(r.getJsonObject("arguments").getString("message"));
        }
      }
      assertThat(answered).hasSizeGreaterThan(50);
      assertThat(recorded).containsAll(answered);
    } finally {
      hub.destroyForcibly();
    }
  }

  /** Calls until the hub is gone; bounded by the kill and by a hard cap. */
  private static void load(McpHttp http, int client, Set<String> answered, AtomicBoolean killed) {
    for (int i = 0; i < 200_000 && !killed.get(); i++) {
      String message = "c" + client + "-" + i;
      try {
        McpHttp.Reply r = http.modern("tools/call", "echo", new JsonObject().put("name", "echo")
            .put("arguments", new JsonObject().put("message", message)));
        if (r.status() == 200 && r.json().containsKey("result")) {
          answered.add(message);
        }
      } catch (Exception e) {
        return; // the hub died: nothing after this was answered
      }
    }
  }

  private static String awaitUrl(Process hub) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(hub.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> url = CompletableFuture.supplyAsync(() -> {
      try {
        String line;
        while ((line = out.readLine()) != null) {
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            return m.group(1);
          }
        }
        return null;
      } catch (Exception e) {
        return null;
      }
    });
    String found = url.get(60, TimeUnit.SECONDS);
    assertThat(found).as("the hub process printed its address").isNotNull();
    // Keep draining its output so it never blocks on a full pipe.
    CompletableFuture.runAsync(() -> out.lines().forEach(l -> { }));
    return found;
  }
}
