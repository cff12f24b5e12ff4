package dev.switchboard.bench;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Two hub builds side by side: both in front of one fast backend, loaded at the same time (16 clients
 * each), so whatever slows this shared machine in a given second slows both alike. Prints each round's
 * CPU per call of both hubs and, at the end, the median of B − A and of B / A: a change's cost or saving
 * of a few microseconds per call shows over enough rounds, where phases measured one after the other move
 * by ±10 µs. The hub started first (A) came out 3-4 µs per call cheaper whichever jar it was: run it twice,
 * the second time with the jars swapped, and take half the difference of the two medians.
 * Usage: AbBench CLASSPATH JAR_A JAR_B legacy|modern [ROUNDS [WARMUP_S MEASURE_S]]
 */
public final class AbBench {
  private static final int CLIENTS_EACH = 16;

  private AbBench() {}

  public static void main(String[] args) throws Exception {
    String cp = args[0];
    String era = args[3];
    int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 8;
    long warmup = args.length > 5 ? Long.parseLong(args[5]) : 2;
    long measure = args.length > 6 ? Long.parseLong(args[6]) : 5;
    Vertx vertx = Vertx.vertx();
    List<Process> servers = new ArrayList<>();
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      int backendPort = Bench.freePort();
      Process backend = Bench.start(List.of("java", "-cp", cp, FastBackend.class.getName(),
          String.valueOf(backendPort)), "listening");
      servers.add(backend);
      String collector = "http://127.0.0.1:" + collector(vertx); // for a side with tracing on: spans go somewhere
      Bench.Target a = hubFromJar(servers, backend, args[1], backendPort,
          System.getProperty("ab.a.extra", "").replace("{OTLP}", collector));
      Bench.Target b = hubFromJar(servers, backend, args[2], backendPort,
          System.getProperty("ab.b.extra", "").replace("{OTLP}", collector));
      // Every JVM here (hubs, backend, load generator) needs a minute of load before its CPU per call settles.
      for (int i = 0; i < 12; i++) {
        both(two, vertx, a, b, era, 0, 5, i % 2 == 0);
      }
      List<Double> diffs = new ArrayList<>();
      List<Double> ratios = new ArrayList<>();
      System.out.printf("%-6s %10s %10s %10s %10s %10s%n", "round", "A calls/s", "B calls/s", "A CPU/c", "B CPU/c",
          "B-A µs");
      for (int round = 1; round <= rounds; round++) {
        Bench.Result[] r = both(two, vertx, a, b, era, warmup, measure, round % 2 == 0);
        diffs.add(r[1].proxyCpuUs() - r[0].proxyCpuUs());
        ratios.add(r[1].proxyCpuUs() / r[0].proxyCpuUs());
        System.out.printf("%-6d %10.0f %10.0f %10.1f %10.1f %+10.1f%n", round, r[0].callsPerS(), r[1].callsPerS(),
            r[0].proxyCpuUs(), r[1].proxyCpuUs(), diffs.get(diffs.size() - 1));
      }
      System.out.printf("%s, %d rounds: B - A median %+.1f µs per call (B / A median %.3f); B cheaper in %d of %d%n",
          era, rounds, Bench.median(diffs), Bench.median(ratios), diffs.stream().filter(d -> d < 0).count(), rounds);
    } finally {
      two.shutdownNow();
      servers.forEach(Process::destroy);
      vertx.close();
    }
  }

  /**
   * Loads both hubs at once; which load starts first alternates by round, as an A/A run (the same jar
   * twice) showed the one started second a few µs per call cheaper.
   */
  private static Bench.Result[] both(ExecutorService two, Vertx vertx, Bench.Target a, Bench.Target b, String era,
      long warmup, long measure, boolean aFirst) throws Exception {
    Bench.Target one = aFirst ? a : b;
    Bench.Target other = aFirst ? b : a;
    Future<Bench.Result> first = two.submit(() -> Bench.load(vertx, one, era, CLIENTS_EACH, warmup, measure));
    Future<Bench.Result> second = two.submit(() -> Bench.load(vertx, other, era, CLIENTS_EACH, warmup, measure));
    return aFirst ? new Bench.Result[] {first.get(), second.get()} : new Bench.Result[] {second.get(), first.get()};
  }

  /** An OTLP/HTTP collector that takes every export and keeps nothing (in this JVM: its CPU is not the hubs'). */
  private static int collector(Vertx vertx) {
    return vertx.createHttpServer().requestHandler(req -> req.body().onComplete(b -> req.response()
        .putHeader("Content-Type", "application/x-protobuf").end())).listen(0, "127.0.0.1").await().actualPort();
  }

  /**
   * A hub JVM from the given jar, run as {@code scripts/switchboard serve} runs it (parallel collector), with
   * {@code extra} config appended (a config difference to measure: {@code -Dab.b.extra='tracing: {...}'}).
   */
  private static Bench.Target hubFromJar(List<Process> servers, Process backend, String jar, int backendPort,
      String extra) throws Exception {
    int port = Bench.freePort();
    Path config = Bench.hubConfig(port, backendPort, Bench.LIMITS_NEVER_HIT + "\n" + extra);
    return Bench.target(servers, backend, port, List.of("java", "-XX:+UseParallelGC", "-jar", jar, "serve",
        "--config", config.toString()));
  }
}
