package dev.switchboard.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import io.vertx.core.Vertx;

/**
 * Runs the whole benchmark in one go, each part in its own JVM: a fast backend, a bare relay in front of
 * it, the hub (the real jar) in front of it, and the load generator against each target in turn, for both
 * eras and each concurrency level. Prints calls/s, p50 and p99 side by side with the ratios the targets
 * are stated in. Usage: Bench CLASSPATH HUB_JAR [WARMUP_S MEASURE_S]
 */
public final class Bench {
  private Bench() {}

  record Result(double callsPerS, long p50, long p99, long errors) {
    static Result parse(String line) {
      Map<String, String> kv = new LinkedHashMap<>();
      for (String part : line.trim().split(" ")) {
        String[] p = part.split("=");
        kv.put(p[0], p[1]);
      }
      return new Result(Double.parseDouble(kv.get("calls_per_s")), Long.parseLong(kv.get("p50_us")),
          Long.parseLong(kv.get("p99_us")), Long.parseLong(kv.get("errors")));
    }
  }

  public static void main(String[] args) throws Exception {
    String cp = args[0];
    String jar = args[1];
    long warmup = args.length > 2 ? Long.parseLong(args[2]) : 3;
    long measure = args.length > 3 ? Long.parseLong(args[3]) : 5;
    Vertx vertx = Vertx.vertx(); // the load generator's, warm across all phases
    int backendPort = freePort();
    int relayPort = freePort();
    int hubPort = freePort();
    int noLimitsPort = freePort();
    int auditPort = freePort();
    int flushPort = freePort();
    int redisHubPort = freePort();
    int redisPort = freePort();
    Path auditDir = Files.createTempDirectory("switchboard-bench-audit");
    // Limits on but never hit (the default hub), limits off, and limits on plus an fsync'd audit trail.
    // The load generator opens a legacy session per client per phase: quotas sized so the bench never hits them.
    String quotas = "maxInFlightPerUser: 10000, maxSessionsPerUser: 1000000, maxStreamsPerUser: 1000000";
    String limits = "limits: {user: {perSecond: 1000000, burst: 1000000}, " + quotas + "}\n";
    Path config = hubConfig(hubPort, backendPort, limits);
    Path noLimits = hubConfig(noLimitsPort, backendPort, "limits: {enabled: false, " + quotas + "}\n");
    Path audited = hubConfig(auditPort, backendPort,
        limits + "audit: {dir: \"" + auditDir.resolve("fsync") + "\", durability: fsync}\n");
    Path flushed = hubConfig(flushPort, backendPort,
        limits + "audit: {dir: \"" + auditDir.resolve("flush") + "\", durability: flush}\n");
    Path redisLimits = hubConfig(redisHubPort, backendPort, "limits: {user: {perSecond: 1000000, burst: 1000000}, "
        + quotas + ", store: redis, redis: {url: \"redis://127.0.0.1:" + redisPort + "\"}}\n");
    List<Process> servers = new ArrayList<>();
    try {
      servers.add(start(List.of("redis-server", "--port", String.valueOf(redisPort), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no"), "Ready to accept connections"));
      servers.add(start(List.of("java", "-cp", cp, FastBackend.class.getName(), String.valueOf(backendPort)), "listening"));
      servers.add(start(List.of("java", "-cp", cp, BareRelay.class.getName(), String.valueOf(relayPort),
          String.valueOf(backendPort)), "listening"));
      servers.add(start(List.of("java", "-jar", jar, "serve", "--config", config.toString()), "listening"));
      servers.add(start(List.of("java", "-jar", jar, "serve", "--config", noLimits.toString()), "listening"));
      servers.add(start(List.of("java", "-jar", jar, "serve", "--config", audited.toString()), "listening"));
      servers.add(start(List.of("java", "-jar", jar, "serve", "--config", flushed.toString()), "listening"));
      servers.add(start(List.of("java", "-jar", jar, "serve", "--config", redisLimits.toString()), "listening"));
      Map<String, String> variants = new LinkedHashMap<>();
      variants.put("hub", "http://127.0.0.1:" + hubPort + "/mcp");
      variants.put("no-limits", "http://127.0.0.1:" + noLimitsPort + "/mcp");
      variants.put("audit", "http://127.0.0.1:" + auditPort + "/mcp");
      variants.put("audit-flush", "http://127.0.0.1:" + flushPort + "/mcp");
      variants.put("redis-limits", "http://127.0.0.1:" + redisHubPort + "/mcp");
      Map<String, String> targets = new LinkedHashMap<>();
      targets.put("direct", "http://127.0.0.1:" + backendPort + "/mcp");
      targets.put("relay", "http://127.0.0.1:" + relayPort + "/mcp");
      targets.put("hub", "http://127.0.0.1:" + hubPort + "/mcp");
      // JIT warm-up of every server JVM on every path before anything is measured, so the first era measured
      // is not penalised for running on cold code.
      for (int round = 0; round < 2; round++) {
        for (String era : List.of("legacy", "modern")) {
          for (String url : targets.values()) {
            load(vertx, url, era, 32, 0, warmup);
          }
          for (String url : variants.values()) {
            load(vertx, url, era, 32, 0, warmup);
          }
        }
      }
      System.out.printf("%-7s %-7s %7s %12s %9s %9s %7s%n", "era", "target", "clients", "calls/s", "p50 µs", "p99 µs", "errors");
      for (String era : List.of("legacy", "modern")) {
        Map<String, Result> one = new LinkedHashMap<>();
        Map<String, Result> many = new LinkedHashMap<>();
        for (int clients : List.of(1, 32)) {
          for (Map.Entry<String, String> t : targets.entrySet()) {
            Result r = load(vertx, t.getValue(), era, clients, warmup, measure);
            (clients == 1 ? one : many).put(t.getKey(), r);
            System.out.printf("%-7s %-7s %7d %12.0f %9d %9d %7d%n", era, t.getKey(), clients, r.callsPerS(), r.p50(),
                r.p99(), r.errors());
          }
        }
        double ratio = many.get("hub").callsPerS() / many.get("relay").callsPerS();
        double addedP50Ms = (one.get("hub").p50() - one.get("direct").p50()) / 1000.0;
        System.out.printf("%s: hub/relay throughput at 32 clients = %.2fx (target >= 0.85); "
            + "hub/direct = %.2fx; added p50 over direct at 1 client = %.3f ms (target <= 0.3)%n",
            era, ratio, many.get("hub").callsPerS() / many.get("direct").callsPerS(), addedP50Ms);
      }
      features(vertx, variants, warmup, measure);
    } finally {
      servers.forEach(p -> {
        p.destroy();
        try {
          p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      for (Path p : List.of(config, noLimits, audited, flushed, redisLimits)) {
        Files.deleteIfExists(p);
      }
      try (var files = Files.walk(auditDir)) {
        for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
      vertx.close();
    }
  }

  /**
   * What rate limiting and the audit trail cost at 32 clients: the plain hub is measured right before and
   * after each variant and averaged, so drift on a noisy machine affects both sides of a ratio alike.
   */
  private static void features(Vertx vertx, Map<String, String> variants, long warmup, long measure) throws Exception {
    System.out.printf("%n%-7s %-10s %12s %9s %9s %7s%n", "era", "hub", "calls/s", "p50 µs", "p99 µs", "errors");
    for (String era : List.of("legacy", "modern")) {
      Map<String, Double> ratios = new LinkedHashMap<>();
      for (String variant : List.of("no-limits", "redis-limits", "audit", "audit-flush")) {
        Result before = load(vertx, variants.get("hub"), era, 32, warmup, measure);
        Result r = load(vertx, variants.get(variant), era, 32, warmup, measure);
        Result after = load(vertx, variants.get("hub"), era, 32, warmup, measure);
        double plain = (before.callsPerS() + after.callsPerS()) / 2;
        for (var row : List.of(Map.entry("hub", before), Map.entry(variant, r), Map.entry("hub", after))) {
          System.out.printf("%-7s %-10s %12.0f %9d %9d %7d%n", era, row.getKey(), row.getValue().callsPerS(),
              row.getValue().p50(), row.getValue().p99(), row.getValue().errors());
        }
        ratios.put(variant, variant.equals("no-limits") ? plain / r.callsPerS() : r.callsPerS() / plain);
      }
      System.out.printf("%s: limits on (not hit) / off = %.2fx (target >= 0.95); Redis-shared limits / local = %.2fx; "
          + "audit on / off = %.2fx with fsync, %.2fx with flush (target >= 0.90)%n", era, ratios.get("no-limits"),
          ratios.get("redis-limits"), ratios.get("audit"), ratios.get("audit-flush"));
    }
  }

  private static Path hubConfig(int port, int backendPort, String extra) throws Exception {
    Path config = Files.createTempFile("switchboard-bench", ".yaml");
    Files.writeString(config, """
        listen: {host: 127.0.0.1, port: %d}
        backends:
          - {name: fast, type: http, url: "http://127.0.0.1:%d/mcp"}
        """.formatted(port, backendPort) + extra);
    return config;
  }

  private static Result load(Vertx vertx, String url, String era, int clients, long warmupS, long measureS)
      throws Exception {
    return Result.parse(LoadGen.measure(vertx, url, era.equals("modern"), clients, warmupS * 1000, measureS * 1000));
  }

  private static Process start(List<String> cmd, String ready) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.currentTimeMillis() + 60_000;
    String line;
    while (System.currentTimeMillis() < deadline && (line = r.readLine()) != null) {
      if (line.contains(ready)) {
        Thread drain = new Thread(() -> {
          try {
            r.lines().forEach(l -> { });
          } catch (java.io.UncheckedIOException e) {
            // the server was stopped: nothing left to drain
          }
        }, "drain");
        drain.setDaemon(true);
        drain.start();
        return p;
      }
    }
    p.destroyForcibly();
    throw new IllegalStateException("did not start: " + cmd);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
