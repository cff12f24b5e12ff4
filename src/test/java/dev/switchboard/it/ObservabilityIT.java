package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.switchboard.support.McpHttp;
import dev.switchboard.support.NodePeer;
import dev.switchboard.support.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operators' view against a real Prometheus (Debian's package, which the test set-up installs): it
 * scrapes a hub under light, varied load, and every expression of every dashboard panel and alert rule
 * in the repository must parse and — unless documented "Zero until" an event — return data.
 */
@Timeout(300) // a hang fails the test instead of the whole build
class ObservabilityIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path REPO = Path.of("").toAbsolutePath();
  @TempDir
  static Path tmp;
  private static TestHub hub;
  private static Process prometheus;
  private static String prometheusUrl;
  private static final AtomicBoolean loading = new AtomicBoolean(true);
  private static Thread load;

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.start("""
        listen: {host: 127.0.0.1, port: 0}
        admin: {port: 0}
        identity: {mode: serve-headers, trustedProxies: [127.0.0.1]}
        policy: {rules: [{users: [alice@example.com], allow: {tools: [echo, add]}}]}
        limits: {tools: [{tool: add, perSecond: 2, burst: 1}]}
        routing: {prefix: never}
        audit: {dir: "%s"}
        backends:
          - {name: demo, type: builtin}
          - {name: gone, type: http, url: "http://127.0.0.1:%d/mcp", connectTimeout: 300ms, timeout: 1s}
        """.formatted(tmp.resolve("audit"), NodePeer.freePort()));
    load = new Thread(ObservabilityIT::load, "observability-load");
    load.setDaemon(true);
    load.start();
    Path rules = tmp.resolve("alerts.yml");
    Files.copy(REPO.resolve("conf/alerts.yml"), rules);
    Path config = tmp.resolve("prometheus.yml");
    Files.writeString(config, """
        global: {scrape_interval: 1s, evaluation_interval: 1s}
        rule_files: ["%s"]
        scrape_configs:
          - job_name: switchboard
            static_configs: [{targets: ["127.0.0.1:%d"]}]
        """.formatted(rules, hub.hub().adminPort()));
    int port = NodePeer.freePort();
    prometheusUrl = "http://127.0.0.1:" + port;
    prometheus = new ProcessBuilder("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + tmp.resolve("tsdb"),
        "--web.listen-address=127.0.0.1:" + port).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("prometheus.log").toFile()).start();
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> get("/-/ready").statusCode() == 200);
    // Enough scrapes under load for every rate() window below to hold several samples.
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
        !query("count_over_time(switchboard_requests_total{outcome=\"ok\"}[1m]) > 6").isEmpty());
  }

  @AfterAll
  static void stop() throws Exception {
    loading.set(false);
    if (load != null) {
      load.join(10_000);
    }
    if (prometheus != null) {
      prometheus.destroy();
      prometheus.waitFor(10, TimeUnit.SECONDS);
    }
    if (hub != null) {
      hub.close();
    }
  }

  /** Varied, bounded traffic: good calls, a tool error, a denial, a rate limit, an identity failure. */
  private static void load() {
    McpHttp http = new McpHttp(hub.url());
    long end = System.currentTimeMillis() + 180_000;
    while (loading.get() && System.currentTimeMillis() < end) {
      try {
        call(http, "alice@example.com", "echo", new JsonObject().put("message", "hi"));
        // add is limited to one call per half second: the failing call goes first, so it is the one that gets
        // each new token (a tool error every time) and the call right after it is the one rate-limited. The
        // other way round the tool error only happened when a token arrived between the two, and sometimes
        // never did within the test.
        call(http, "alice@example.com", "add", new JsonObject().put("a", "not a number"));
        call(http, "alice@example.com", "add", new JsonObject().put("a", 1).put("b", 2));
        call(http, "bob@example.com", "echo", new JsonObject().put("message", "denied"));
        call(http, null, "echo", new JsonObject().put("message", "who am I?"));
        Thread.sleep(50);
      } catch (Exception e) {
        return;
      }
    }
  }

  private static void call(McpHttp http, String user, String tool, JsonObject args) throws Exception {
    Map<String, String> headers = new java.util.HashMap<>(McpHttp.modernHeaders("tools/call", tool));
    if (user != null) {
      headers.put("Tailscale-User-Login", user);
    }
    http.post(McpHttp.modernRequest("tools/call", new JsonObject().put("name", tool).put("arguments", args)).encode(),
        headers);
  }

  private static HttpResponse<String> get(String pathAndQuery) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(prometheusUrl + pathAndQuery)).timeout(Duration.ofSeconds(10))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Runs an instant query; fails the test if Prometheus cannot parse or evaluate it. */
  private static JsonArray query(String promql) throws Exception {
    HttpResponse<String> r = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getString("status")).as(promql + " → " + r.body()).isEqualTo("success");
    return body.getJsonObject("data").getJsonArray("result");
  }

  /** Grafana's variables, as a test can give them: every value, and a rate window fit for 1 s scrapes. */
  private static String concrete(String expr) {
    return expr.replace("$__rate_interval", "10s").replace("$backend", ".*").replace("$tool", ".*")
        .replace("$user", ".*").replace("$instance", ".*");
  }

  @Test
  void everyDashboardPanelQueryParsesAndReturnsData() throws Exception {
    List<String> empty = new ArrayList<>();
    int checked = 0;
    List<Path> dashboards;
    try (var files = Files.list(REPO.resolve("grafana/dashboards"))) {
      dashboards = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(dashboards).hasSizeGreaterThanOrEqualTo(5);
    for (Path file : dashboards) {
      JsonObject dashboard = new JsonObject(Files.readString(file));
      assertThat(dashboard.encode()).doesNotContain("\"uid\":\"prometheus\"").contains("${datasource}");
      for (Object p : dashboard.getJsonArray("panels")) {
        JsonObject panel = (JsonObject) p;
        boolean zeroUntilEvent = panel.getString("description", "").contains("Zero until");
        for (Object t : panel.getJsonArray("targets")) {
          String expr = ((JsonObject) t).getString("expr");
          JsonArray result = query(concrete(expr));
          checked++;
          if (result.isEmpty() && !zeroUntilEvent) {
            empty.add(file.getFileName() + " / " + panel.getString("title") + ": " + expr);
          }
        }
      }
      for (Object v : dashboard.getJsonObject("templating").getJsonArray("list")) {
        JsonObject variable = (JsonObject) v;
        if ("query".equals(variable.getString("type"))) {
          String def = variable.getString("definition"); // label_values(metric, label)
          String metric = def.substring(def.indexOf('(') + 1, def.indexOf(',')).strip();
          String label = def.substring(def.indexOf(',') + 1, def.indexOf(')')).strip();
          JsonObject values = new JsonObject(get("/api/v1/label/" + label + "/values?match[]=" + metric).body());
          assertThat(values.getJsonArray("data")).as(file.getFileName() + " variable " + label).isNotEmpty();
        }
      }
    }
    assertThat(empty).as("panels without data (and not documented as zero until an event)").isEmpty();
    assertThat(checked).isGreaterThan(30);
  }

  @Test
  void everyAlertRuleParsesEvaluatesAndIsHealthy() throws Exception {
    JsonNode groups = YAML.readTree(REPO.resolve("conf/alerts.yml").toFile()).get("groups");
    int rules = 0;
    for (JsonNode group : groups) {
      for (JsonNode rule : group.get("rules")) {
        query(rule.get("expr").asText()); // must parse and evaluate; a quiet alert returns nothing
        rules++;
      }
    }
    assertThat(rules).isGreaterThanOrEqualTo(6);
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      JsonObject api = new JsonObject(get("/api/v1/rules").body());
      List<Object> loaded = api.getJsonObject("data").getJsonArray("groups").stream()
          .flatMap(g -> ((JsonObject) g).getJsonArray("rules").stream()).toList();
      return loaded.size() == groups.get(0).get("rules").size()
          && loaded.stream().allMatch(r -> "ok".equals(((JsonObject) r).getString("health")));
    });
    // The one down backend must make its alert pending or firing: the rules do react to real state.
    await().atMost(Duration.ofSeconds(20)).until(() -> new JsonObject(get("/api/v1/alerts").body())
        .getJsonObject("data").getJsonArray("alerts").stream()
        .anyMatch(a -> ((JsonObject) a).getJsonObject("labels").getString("alertname").equals("SwitchboardBackendDown")
            && ((JsonObject) a).getJsonObject("labels").getString("backend").equals("gone")));
  }

  @Test
  void theExpositionPassesPromtoolAndTheConfigsCheck() throws Exception {
    HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + hub.hub().adminPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(promtool(metrics.body(), "check", "metrics")).isZero();
    assertThat(promtool("", "check", "rules", REPO.resolve("conf/alerts.yml").toString())).isZero();
    assertThat(promtool("", "check", "config", REPO.resolve("conf/prometheus.yml").toString())).isZero();
    assertThat(metrics.body()).contains("switchboard_user_calls_total{outcome=\"ok\",user=\"alice@example.com\"}",
        "switchboard_user_rate_limited_total{user=\"alice@example.com\"}",
        "switchboard_tool_calls_total{backend=\"demo\",outcome=\"tool_error\",tool=\"add\"}",
        "switchboard_backend_up{backend=\"gone\"} 0.0", "switchboard_audit_records_total");
  }

  /**
   * Several hubs behind one Prometheus: every dashboard has an instance variable and every switchboard series
   * in it is limited to it; and "error" means the same on the dashboards as in the alert.
   */
  @Test
  void dashboardsServeSeveralHubsAndShareTheAlertsDefinitionOfError() throws Exception {
    String alerts = java.nio.file.Files.readString(REPO.resolve("conf/alerts.yml"));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("outcome=~\"([^\"]+)\"").matcher(alerts);
    assertThat(m.find()).isTrue();
    String errorOutcomes = m.group(1);
    try (var files = java.nio.file.Files.list(REPO.resolve("grafana/dashboards"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        JsonObject dashboard = new JsonObject(java.nio.file.Files.readString(file));
        assertThat(dashboard.getJsonObject("templating").getJsonArray("list").stream()
            .map(v -> ((JsonObject) v).getString("name")).toList()).as(file.toString()).contains("instance");
        for (Object p : dashboard.getJsonArray("panels")) {
          for (Object t : ((JsonObject) p).getJsonArray("targets")) {
            String expr = ((JsonObject) t).getString("expr");
            java.util.regex.Matcher series = java.util.regex.Pattern.compile("switchboard_[a-z0-9_]+(\\{[^}]*\\})?")
                .matcher(expr);
            while (series.find()) {
              assertThat(series.group()).as(file.getFileName() + ": " + expr).contains("instance=~\"$instance\"");
            }
            if (expr.contains("switchboard_requests_total{") && expr.contains("outcome=~")) {
              assertThat(expr).as(file.getFileName() + ": " + expr).contains("outcome=~\"" + errorOutcomes + "\"");
            }
          }
        }
      }
    }
  }

  /** Every alert rule has unit tests (conf/alerts.test.yml): it fires on its series, after its `for`, with its words. */
  @Test
  void everyAlertRulePassesItsPromtoolUnitTests() throws Exception {
    assertThat(promtool("", "test", "rules", REPO.resolve("conf/alerts.test.yml").toString())).isZero();
    String tests = java.nio.file.Files.readString(REPO.resolve("conf/alerts.test.yml"));
    for (String line : java.nio.file.Files.readAllLines(REPO.resolve("conf/alerts.yml"))) {
      if (line.strip().startsWith("- alert: ")) {
        String alert = line.strip().substring("- alert: ".length());
        assertThat(tests).as("a unit test for " + alert).contains("alertname: " + alert);
      }
    }
  }

  private static int promtool(String stdin, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("promtool"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
    return p.exitValue();
  }
}
