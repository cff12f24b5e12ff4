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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import io.vertx.core.Vertx;

/**
 * Runs the whole benchmark in one go, each part in its own JVM: a fast backend, a bare relay in front of
 * it, a relay that reads each MCP message ({@link ReadingRelay}), the hub (the real jar, started by its
 * launcher) in front of it, and the load generator against each target in turn, for both eras and each
 * concurrency level. Prints calls/s, p50 and p99 side by side with the ratios the targets are stated in;
 * then the ratios once more from rounds of phases measured in turn, and from rounds in which the hub and
 * the relay are loaded at the same time.
 * Usage: Bench CLASSPATH HUB_LAUNCHER [WARMUP_S MEASURE_S]
 */
public final class Bench {
  private static final int ROUNDS = 4;
  /**
   * The collector {@code scripts/switchboard serve} runs the hub with; the relay gets it too, so the two
   * proxies differ only in what they do (measured, the relay runs the same with either).
   */
  private static final String PROXY_GC = "-XX:+UseParallelGC";

  private Bench() {}

  /** One phase: throughput, latency, and the CPU time per call of the proxy (relay or hub) and the backend. */
  record Result(double callsPerS, long p50, long p99, long errors, double proxyCpuUs, double backendCpuUs) {
    static Result parse(String line, double proxyCpuUs, double backendCpuUs) {
      Map<String, String> kv = new LinkedHashMap<>();
      for (String part : line.trim().split(" ")) {
        String[] p = part.split("=");
        kv.put(p[0], p[1]);
      }
      return new Result(Double.parseDouble(kv.get("calls_per_s")), Long.parseLong(kv.get("p50_us")),
          Long.parseLong(kv.get("p99_us")), Long.parseLong(kv.get("errors")), proxyCpuUs, backendCpuUs);
    }
  }

  private static String cpu(double us) {
    return Double.isNaN(us) ? "-" : String.format("%.1f", us);
  }

  /** The processes of one target: the one in front (null when the backend is called directly) and the backend. */
  record Target(String url, ProcessHandle proxy, ProcessHandle backend) {}

  public static void main(String[] args) throws Exception {
    String cp = args[0];
    String launcher = args[1];
    long warmup = args.length > 2 ? Long.parseLong(args[2]) : 3;
    long measure = args.length > 3 ? Long.parseLong(args[3]) : 5;
    Vertx vertx = Vertx.vertx(); // the load generator's, warm across all phases
    int backendPort = freePort();
    int relayPort = freePort();
    int readingPort = freePort();
    int hubPort = freePort();
    int noLimitsPort = freePort();
    int auditPort = freePort();
    int auditAdminPort = freePort();
    int flushPort = freePort();
    int redisHubPort = freePort();
    int redisPort = freePort();
    Path auditDir = Files.createTempDirectory("switchboard-bench-audit");
    // Limits on but never hit (the default hub), limits off, and limits on plus an fsync'd audit trail.
    String limits = LIMITS_NEVER_HIT;
    Path config = hubConfig(hubPort, backendPort, limits);
    Path noLimits = hubConfig(noLimitsPort, backendPort, "limits: {enabled: false, " + QUOTAS + "}\n");
    Path audited = hubConfig(auditPort, backendPort,
        limits + "audit: {dir: \"" + auditDir.resolve("fsync") + "\", durability: fsync}\n"
        + "admin: {host: 127.0.0.1, port: " + auditAdminPort + "}\n"); // its fsync meter, read per phase
    Path flushed = hubConfig(flushPort, backendPort,
        limits + "audit: {dir: \"" + auditDir.resolve("flush") + "\", durability: flush}\n");
    Path redisLimits = hubConfig(redisHubPort, backendPort, "limits: {user: {perSecond: 1000000, burst: 1000000}, "
        + QUOTAS + ", store: redis, redis: {url: \"redis://127.0.0.1:" + redisPort + "\"}}\n");
    double idleFsyncMs = FsyncMeter.idleMillis(auditDir); // before anything runs
    List<Process> servers = new ArrayList<>();
    try {
      servers.add(start(List.of("redis-server", "--port", String.valueOf(redisPort), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no"), "Ready to accept connections"));
      Process backend = start(List.of("java", "-cp", cp, FastBackend.class.getName(), String.valueOf(backendPort)),
          "listening");
      servers.add(backend);
      Map<String, Target> targets = new LinkedHashMap<>();
      targets.put("direct", new Target(url(backendPort), null, backend.toHandle()));
      targets.put("relay", target(servers, backend, relayPort, List.of("java", PROXY_GC, "-cp", cp,
          BareRelay.class.getName(), String.valueOf(relayPort), String.valueOf(backendPort))));
      targets.put("reading", target(servers, backend, readingPort, List.of("java", PROXY_GC, "-cp", cp,
          ReadingRelay.class.getName(), String.valueOf(readingPort), String.valueOf(backendPort))));
      Map<String, Target> variants = new LinkedHashMap<>();
      variants.put("hub", hub(servers, backend, launcher, hubPort, config));
      variants.put("no-limits", hub(servers, backend, launcher, noLimitsPort, noLimits));
      variants.put("audit", hub(servers, backend, launcher, auditPort, audited));
      variants.put("audit-flush", hub(servers, backend, launcher, flushPort, flushed));
      variants.put("redis-limits", hub(servers, backend, launcher, redisHubPort, redisLimits));
      targets.put("hub", variants.get("hub"));
      // JIT warm-up of every server JVM on every path before anything is measured, so the first era measured
      // is not penalised for running on cold code. A hub JVM needs 20-30 s under load on 2 cores before its
      // CPU per call settles: at least 12 s of load per era and JVM.
      int rounds = warmup <= 0 ? 0 : (int) Math.max(2, Math.ceil(12.0 / warmup));
      for (int round = 0; round < rounds; round++) {
        for (String era : List.of("legacy", "modern")) {
          for (Target t : targets.values()) {
            load(vertx, t, era, 32, 0, warmup);
          }
          for (Target t : variants.values()) {
            load(vertx, t, era, 32, 0, warmup);
          }
        }
      }
      System.out.printf("%-7s %-7s %7s %12s %9s %9s %7s %12s %12s%n", "era", "target", "clients", "calls/s", "p50 µs",
          "p99 µs", "errors", "proxy CPU/c", "backend CPU/c");
      for (String era : List.of("legacy", "modern")) {
        Map<String, Result> one = new LinkedHashMap<>();
        Map<String, Result> many = new LinkedHashMap<>();
        for (int clients : List.of(1, 32)) {
          for (Map.Entry<String, Target> t : targets.entrySet()) {
            Result r = load(vertx, t.getValue(), era, clients, warmup, measure);
            (clients == 1 ? one : many).put(t.getKey(), r);
            System.out.printf("%-7s %-7s %7d %12.0f %9d %9d %7d %12s %12s%n", era, t.getKey(), clients, r.callsPerS(),
                r.p50(), r.p99(), r.errors(), cpu(r.proxyCpuUs()), cpu(r.backendCpuUs()));
          }
        }
        double ratio = many.get("hub").callsPerS() / many.get("relay").callsPerS();
        double addedP50Ms = (one.get("hub").p50() - one.get("direct").p50()) / 1000.0;
        System.out.printf("%s: hub/relay throughput at 32 clients = %.2fx (target >= 0.85); "
            + "hub/direct = %.2fx; added p50 over direct at 1 client = %.3f ms (target <= 0.3); "
            + "CPU per call at 32 clients: hub %.1f µs, relay %.1f µs%n",
            era, ratio, many.get("hub").callsPerS() / many.get("direct").callsPerS(), addedP50Ms,
            many.get("hub").proxyCpuUs(), many.get("relay").proxyCpuUs());
        System.out.printf("%s: where the gap is: reading relay/relay = %.2fx (what reading each MCP message costs), "
            + "hub/reading relay = %.2fx (what the hub's stages beyond reading cost); CPU per call: reading relay "
            + "%.1f µs%n", era, many.get("reading").callsPerS() / many.get("relay").callsPerS(),
            many.get("hub").callsPerS() / many.get("reading").callsPerS(), many.get("reading").proxyCpuUs());
      }
      for (String era : List.of("legacy", "modern")) {
        inTurn(vertx, targets, era, warmup, measure);
      }
      for (String era : List.of("legacy", "modern")) {
        paired(vertx, targets, era, warmup, measure);
      }
      features(vertx, variants, warmup, measure, "http://127.0.0.1:" + auditAdminPort + "/metrics", idleFsyncMs);
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
   * The ratios again, from {@value #ROUNDS} rounds in which the relay, the reading relay and the hub are
   * each measured once, in turn (the order rotates): on a shared machine one phase each can land anywhere,
   * while a noisy neighbour slows the phases of one round alike. Prints every round's hub/relay ratio, the
   * medians of the three ratios, and the median CPU per call.
   */
  private static void inTurn(Vertx vertx, Map<String, Target> targets, String era, long warmup, long measure)
      throws Exception {
    List<String> names = List.of("relay", "reading", "hub");
    Map<String, List<Double>> cpu = new LinkedHashMap<>();
    List<Double> hubRelay = new ArrayList<>();
    List<Double> readingRelay = new ArrayList<>();
    List<Double> hubReading = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      Map<String, Result> r = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        String name = names.get((round + i) % names.size());
        r.put(name, load(vertx, targets.get(name), era, 32, warmup, measure));
        cpu.computeIfAbsent(name, k -> new ArrayList<>()).add(r.get(name).proxyCpuUs());
      }
      hubRelay.add(r.get("hub").callsPerS() / r.get("relay").callsPerS());
      readingRelay.add(r.get("reading").callsPerS() / r.get("relay").callsPerS());
      hubReading.add(r.get("hub").callsPerS() / r.get("reading").callsPerS());
    }
    System.out.printf("%s: hub/relay throughput at 32 clients, %d rounds measured in turn: median %.2fx "
        + "(target >= 0.85; rounds %s); reading relay/relay median %.2fx, hub/reading relay median %.2fx; "
        + "median CPU per call: hub %.1f µs, reading relay %.1f µs, relay %.1f µs%n", era, ROUNDS, median(hubRelay),
        hubRelay.stream().map(x -> String.format("%.2f", x)).toList(), median(readingRelay), median(hubReading),
        median(cpu.get("hub")), median(cpu.get("reading")), median(cpu.get("relay")));
  }

  /**
   * The hub and the relay loaded at the same time, 16 clients each, for {@value #ROUNDS} rounds: both see
   * the same machine in the same seconds, so the drift that moves one phase against the next is common to
   * both sides of each round's throughput ratio (its rounds spread far less than those measured in turn).
   * The two compete for the same two cores, so CPU per call here is not the hub's cost alone: a busier
   * process is descheduled and rescheduled more often and pays for cold caches; it is printed as measured.
   */
  private static void paired(Vertx vertx, Map<String, Target> targets, String era, long warmup, long measure)
      throws Exception {
    List<Double> throughput = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        var relay = two.submit(() -> load(vertx, targets.get("relay"), era, 16, warmup, measure));
        var hub = two.submit(() -> load(vertx, targets.get("hub"), era, 16, warmup, measure));
        Result r = relay.get();
        Result h = hub.get();
        throughput.add(h.callsPerS() / r.callsPerS());
        cpu.add(h.proxyCpuUs() / r.proxyCpuUs());
      }
    } finally {
      two.shutdownNow();
    }
    System.out.printf("%s: hub and relay loaded at once (16 clients each), %d rounds: hub/relay throughput median "
        + "%.2fx (rounds %s); hub/relay CPU per call under that contention median %.2fx%n", era, ROUNDS,
        median(throughput), throughput.stream().map(x -> String.format("%.2f", x)).toList(), median(cpu));
  }

  static double median(List<Double> xs) {
    List<Double> sorted = xs.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /**
   * What rate limiting and the audit trail cost at 32 clients: the plain hub is measured right before and
   * after each variant and averaged, so drift on a noisy machine affects both sides of a ratio alike.
   */
  private static void features(Vertx vertx, Map<String, Target> variants, long warmup, long measure,
      String auditMetrics, double idleFsyncMs) throws Exception {
    System.out.printf("%n%-7s %-12s %12s %9s %9s %7s %12s%n", "era", "hub", "calls/s", "p50 µs", "p99 µs", "errors",
        "hub CPU/c");
    for (String era : List.of("legacy", "modern")) {
      Map<String, Double> ratios = new LinkedHashMap<>();
      Map<String, Double> addedCpu = new LinkedHashMap<>();
      FsyncMeter.Reading fsync = null;
      double plainLatencyMs = 0;
      for (String variant : List.of("no-limits", "redis-limits", "audit", "audit-flush")) {
        Result before = load(vertx, variants.get("hub"), era, 32, warmup, measure);
        FsyncMeter.Reading fsync0 = variant.equals("audit") ? FsyncMeter.read(auditMetrics) : null;
        Result r = load(vertx, variants.get(variant), era, 32, warmup, measure);
        if (fsync0 != null) {
          fsync = FsyncMeter.read(auditMetrics).since(fsync0);
        }
        Result after = load(vertx, variants.get("hub"), era, 32, warmup, measure);
        double plain = (before.callsPerS() + after.callsPerS()) / 2;
        if (variant.equals("audit")) {
          plainLatencyMs = 32 * 1000.0 / plain; // a closed loop: each client's mean time per call
        }
        for (var row : List.of(Map.entry("hub", before), Map.entry(variant, r), Map.entry("hub", after))) {
          Result x = row.getValue();
          System.out.printf("%-7s %-12s %12.0f %9d %9d %7d %12s%n", era, row.getKey(), x.callsPerS(), x.p50(), x.p99(),
              x.errors(), cpu(x.proxyCpuUs()));
        }
        ratios.put(variant, variant.equals("no-limits") ? plain / r.callsPerS() : r.callsPerS() / plain);
        addedCpu.put(variant, r.proxyCpuUs() - (before.proxyCpuUs() + after.proxyCpuUs()) / 2);
      }
      System.out.printf("%s: limits on (not hit) / off = %.2fx (target >= 0.95); Redis-shared limits / local = %.2fx; "
          + "audit on / off = %.2fx with fsync, %.2fx with flush (target >= 0.90); hub CPU per call added by "
          + "audit: %+.1f µs with fsync, %+.1f µs with flush%n", era, ratios.get("no-limits"),
          ratios.get("redis-limits"), ratios.get("audit"), ratios.get("audit-flush"), addedCpu.get("audit"),
          addedCpu.get("audit-flush"));
      if (fsync != null && fsync.fsyncs() > 0) {
        double f = fsync.meanMillis();
        System.out.printf("%s: with fsync each call waits for at least one fsync: %.2f ms each under this load (%.1f "
            + "records a batch; %.2f ms on the idle machine); calls take %.2f ms without the trail, so even a trail "
            + "that cost no CPU would keep at most %.2fx of the throughput here (%.2fx at the idle fsync time)%n", era,
            f, fsync.recordsPerFsync(), idleFsyncMs, plainLatencyMs, plainLatencyMs / (plainLatencyMs + f),
            plainLatencyMs / (plainLatencyMs + idleFsyncMs));
      }
    }
  }

  /** Per-user quotas no phase reaches: the load generator opens a legacy session per client per phase. */
  private static final String QUOTAS = "maxInFlightPerUser: 10000, maxSessionsPerUser: 1000000, "
      + "maxStreamsPerUser: 1000000";
  /** Limits on, as in the default hub, but never hit. */
  static final String LIMITS_NEVER_HIT = "limits: {user: {perSecond: 1000000, burst: 1000000}, " + QUOTAS + "}\n";

  static Path hubConfig(int port, int backendPort, String extra) throws Exception {
    Path config = Files.createTempFile("switchboard-bench", ".yaml");
    Files.writeString(config, """
        listen: {host: 127.0.0.1, port: %d}
        backends:
          - {name: fast, type: http, url: "http://127.0.0.1:%d/mcp"}
        """.formatted(port, backendPort) + extra);
    return config;
  }

  private static String url(int port) {
    return "http://127.0.0.1:" + port + "/mcp";
  }

  static Target target(List<Process> servers, Process backend, int port, List<String> cmd) throws Exception {
    Process p = start(cmd, "listening");
    servers.add(p);
    return new Target(url(port), p.toHandle(), backend.toHandle());
  }

  /** A hub as the README runs it: its launcher execs the JVM, so the process is the hub's JVM itself. */
  private static Target hub(List<Process> servers, Process backend, String launcher, int port, Path config)
      throws Exception {
    return target(servers, backend, port, List.of(launcher, "serve", "--config", config.toString()));
  }

  /**
   * One load phase: a warm-up phase, then the measured one right after it (fresh connections), around which
   * the CPU time of the proxy and the backend is read. CPU per call moves much less with the noise of a
   * shared machine than throughput does, and it says which process the time went to.
   */
  static Result load(Vertx vertx, Target t, String era, int clients, long warmupS, long measureS)
      throws Exception {
    boolean modern = era.equals("modern");
    if (warmupS > 0) {
      LoadGen.measure(vertx, t.url(), modern, clients, 0, warmupS * 1000);
    }
    long proxy0 = CpuTime.micros(t.proxy());
    long backend0 = CpuTime.micros(t.backend());
    String line = LoadGen.measure(vertx, t.url(), modern, clients, 0, measureS * 1000);
    long calls = Long.parseLong(line.split(" ")[0].split("=")[1]);
    return Result.parse(line, CpuTime.perCall(proxy0, CpuTime.micros(t.proxy()), calls),
        CpuTime.perCall(backend0, CpuTime.micros(t.backend()), calls));
  }

  static Process start(List<String> cmd, String ready) throws Exception {
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

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
