package dev.switchboard.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop load: N clients, each with its own keep-alive connection, issue {@code tools/call} one after
 * another for a warm-up then a measured period (both bounded in time and in count), recording latency in
 * an HdrHistogram. Prints one line of key=value results.
 * Usage: LoadGen URL legacy|modern CLIENTS WARMUP_SECONDS MEASURE_SECONDS
 */
public final class LoadGen {
  private static final long MAX_CALLS_PER_CLIENT = 5_000_000;
  private final HttpClient client;
  private final RequestOptions target;
  private final boolean modern;
  private final Histogram histogram = new Histogram(60_000_000L, 3);
  private final AtomicLong errors = new AtomicLong();
  private volatile boolean recording;
  private volatile long stopAt;

  private LoadGen(Vertx vertx, String url, boolean modern, int clients) {
    this.modern = modern;
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5000)
        .setIdleTimeout(30), new PoolOptions().setHttp1MaxSize(clients));
    this.target = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
        .putHeader("Content-Type", "application/json").putHeader("Accept", "application/json, text/event-stream");
  }

  public static void main(String[] args) {
    int code = 1;
    try {
      run(args);
      code = 0;
    } catch (Exception e) {
      System.out.println("load generator failed: " + e);
    }
    System.exit(code); // never linger on Vert.x threads, whatever happened
  }

  private static void run(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    System.out.println(measure(vertx, args[0], args[1].equals("modern"), Integer.parseInt(args[2]),
        Long.parseLong(args[3]) * 1000, Long.parseLong(args[4]) * 1000));
  }

  /** Runs one load phase on the given Vert.x (kept warm across phases by the caller); returns key=value results. */
  /**
   * What each call echoes: "hi", or {@code -Dbench.messageBytes=N} characters (for a look at larger
   * arguments and results; the backend echoes the message back as the result's text).
   */
  private static final String MESSAGE = Integer.getInteger("bench.messageBytes", 0) > 0
      ? "m".repeat(Integer.getInteger("bench.messageBytes")) : "hi";

  public static String measure(Vertx vertx, String url, boolean modern, int clients, long warmupMs, long measureMs)
      throws Exception {
    LoadGen gen = new LoadGen(vertx, url, modern, clients);
    Context ctx = vertx.getOrCreateContext(); // one event loop: the histogram needs no locking
    CountDownLatch done = new CountDownLatch(clients);
    long start = System.currentTimeMillis();
    gen.stopAt = start + warmupMs + measureMs;
    ctx.runOnContext(v -> {
      for (int i = 0; i < clients; i++) {
        gen.startClient(done);
      }
    });
    if (warmupMs == 0) {
      gen.recording = true;
    } else {
      vertx.setTimer(warmupMs, t -> ctx.runOnContext(v -> {
        gen.histogram.reset();
        gen.recording = true;
      }));
    }
    if (!done.await(warmupMs + measureMs + 30_000, TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("clients did not finish in time");
    }
    gen.client.close();
    long calls = gen.histogram.getTotalCount();
    return String.format("calls=%d calls_per_s=%.0f p50_us=%d p99_us=%d errors=%d", calls, calls * 1000.0 / measureMs,
        gen.histogram.getValueAtPercentile(50), gen.histogram.getValueAtPercentile(99), gen.errors.get());
  }

  private void startClient(CountDownLatch done) {
    Future<String> session = modern ? Future.succeededFuture(null) : initialize();
    session.onComplete(ar -> {
      if (ar.failed()) {
        errors.incrementAndGet();
        done.countDown();
        return;
      }
      loop(ar.result(), 0, done);
    });
  }

  private Future<String> initialize() {
    JsonObject init = new JsonObject().put("jsonrpc", "2.0").put("id", 0).put("method", "initialize")
        .put("params", new JsonObject().put("protocolVersion", "2025-11-25").put("capabilities", new JsonObject())
            .put("clientInfo", new JsonObject().put("name", "loadgen").put("version", "1")));
    return client.request(new RequestOptions(target)).compose(r -> r.send(init.toBuffer()))
        .compose(resp -> resp.body().map(b -> resp.getHeader("Mcp-Session-Id")));
  }

  private void loop(String session, long n, CountDownLatch done) {
    if (System.currentTimeMillis() >= stopAt || n >= MAX_CALLS_PER_CLIENT) {
      done.countDown();
      return;
    }
    JsonObject params = new JsonObject().put("name", "echo").put("arguments", new JsonObject().put("message", MESSAGE));
    RequestOptions o = new RequestOptions(target);
    if (modern) {
      params.put("_meta", new JsonObject().put("io.modelcontextprotocol/protocolVersion", "2026-07-28")
          .put("io.modelcontextprotocol/clientCapabilities", new JsonObject()));
      o.putHeader("MCP-Protocol-Version", "2026-07-28").putHeader("Mcp-Method", "tools/call").putHeader("Mcp-Name", "echo");
    } else {
      o.putHeader("Mcp-Session-Id", session).putHeader("MCP-Protocol-Version", "2025-11-25");
    }
    Buffer body = new JsonObject().put("jsonrpc", "2.0").put("id", n + 1).put("method", "tools/call")
        .put("params", params).toBuffer();
    long t0 = System.nanoTime();
    client.request(o).compose(r -> r.send(body)).compose(resp -> resp.body().map(b -> resp.statusCode() == 200
        && b.toString().contains("\"result\""))).onComplete(ar -> {
          if (ar.succeeded() && ar.result()) {
            if (recording) {
              histogram.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
            }
          } else {
            errors.incrementAndGet();
          }
          loop(session, n + 1, done);
        });
  }
}
