package dev.switchboard.ratelimit;

import dev.switchboard.config.LimitsConfig;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.McpNames;
import dev.switchboard.protocol.Patterns;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rate buckets shared by every hub instance, kept in Redis and checked by one atomic server-side script
 * per call (all of a call's buckets at once, all or nothing, on Redis' clock so instances' clocks do not
 * matter). The in-flight cap stays per instance. While Redis is unreachable, calls fall back to this
 * instance's share of the limits ({@code onFailure: local}, see {@link LocalRateLimiter#share}) or are
 * refused ({@code closed}); Redis is probed every second on its own, so that readiness and sharing come
 * back without waiting for a call, and the change is logged once each way.
 */
public final class RedisRateLimiter implements RateLimiter {
  private static final System.Logger LOG = System.getLogger(RedisRateLimiter.class.getName());
  private static final long RETRY_NANOS = 1_000_000_000L;
  /**
   * KEYS: bucket keys; ARGV: per key its rate (tokens per ms) and burst. Returns {0, 0} when every bucket
   * had a token (and takes one from each), else {index of the first empty bucket (1-based), ms to wait}.
   */
  static final String SCRIPT = """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local tokens = {}
      for i = 1, #KEYS do
        local rate = tonumber(ARGV[2 * i - 1])
        local burst = tonumber(ARGV[2 * i])
        local h = redis.call('HMGET', KEYS[i], 'tokens', 'ts')
        local tk = tonumber(h[1])
        local ts = tonumber(h[2])
        if tk == nil or ts == nil then
          tk = burst
          ts = now
        end
        if now > ts then
          tk = math.min(burst, tk + (now - ts) * rate)
        end
        if tk < 1 then
          return {i, math.ceil((1 - tk) / rate)}
        end
        tokens[i] = tk
      end
      for i = 1, #KEYS do
        local rate = tonumber(ARGV[2 * i - 1])
        local burst = tonumber(ARGV[2 * i])
        redis.call('HSET', KEYS[i], 'tokens', tostring(tokens[i] - 1), 'ts', now)
        redis.call('PEXPIRE', KEYS[i], math.ceil(burst / rate) + 1000)
      end
      return {0, 0}
      """;

  private final Vertx vertx;
  private final LimitsConfig config;
  private final LocalRateLimiter local;
  private final LocalRateLimiter fallback;
  private final Patterns[] toolPatterns;
  private final RedisAPI redis;
  private final Redis client;
  private final long timeoutMillis;
  private final AtomicLong fallbacks = new AtomicLong();
  private volatile String sha;
  private volatile boolean reachable = true;
  private volatile java.util.function.Consumer<Boolean> availability = ok -> { };
  private volatile long retryAtNanos;
  private volatile String lastError;
  private volatile long unreachableSinceMillis;
  private long probeTimer = -1; // guarded by this, as closed: set while Redis is unreachable
  private boolean closed;

  public RedisRateLimiter(Vertx vertx, LimitsConfig config, LocalRateLimiter local) {
    this.vertx = vertx;
    this.config = config;
    this.local = local;
    this.fallback = local.share(config.redis().instances());
    this.toolPatterns = config.tools().stream().map(t -> Patterns.of(List.of(t.tool()))).toArray(Patterns[]::new);
    this.timeoutMillis = config.redis().timeout().millis();
    this.client = Redis.createClient(vertx, new RedisOptions().setConnectionString(config.redis().url())
        .setMaxPoolSize(16).setMaxPoolWaiting(10_000)
        .setNetClientOptions(new NetClientOptions().setConnectTimeout((int) Math.max(1, timeoutMillis))));
    this.redis = RedisAPI.api(client);
  }

  @Override
  public Future<Void> admit(Exchange ex) {
    String method = ex.method();
    boolean list = McpNames.isList(method);
    if (!config.enabled() || ex.caller() == null || !(list || config.methods().contains(method))) {
      return Future.succeededFuture();
    }
    if (!reachable && System.nanoTime() < retryAtNanos) {
      return fallback(ex);
    }
    List<Check> checks = checks(ex, list);
    return withTimeout(eval(checks)).transform(ar -> {
      if (ar.failed()) {
        markUnreachable(ar.cause());
        return fallback(ex);
      }
      markReachable();
      int failed = ar.result().get(0).toInteger();
      if (failed > 0) {
        Check c = checks.get(failed - 1);
        long retryMs = Math.max(1, ar.result().get(1).toLong());
        return Future.failedFuture(LocalRateLimiter.limited(c.limit(), LocalRateLimiter.describe(c.rate()), retryMs));
      }
      return list ? Future.succeededFuture() : local.admitConcurrency(ex);
    });
  }

  /** True while Redis answers; the fallback count tells operators how many calls were limited locally. */
  public boolean reachable() {
    return reachable;
  }

  public long fallbacks() {
    return fallbacks.get();
  }

  /** Why Redis does not answer, and since when (while it does not). */
  public String lastError() {
    return lastError + " (since " + java.time.Instant.ofEpochMilli(unreachableSinceMillis) + ")";
  }

  public boolean refusesWhileUnreachable() {
    return config.redis().onFailure().equals("closed");
  }

  public Future<Void> close() {
    synchronized (this) {
      vertx.cancelTimer(probeTimer);
      closed = true; // no probe starts after this
    }
    return client.close();
  }

  private record Check(String key, String limit, LimitsConfig.Rate rate) {}

  private List<Check> checks(Exchange ex, boolean list) {
    String p = config.redis().keyPrefix();
    String who = ex.caller().principal();
    List<Check> checks = new ArrayList<>(4);
    if (list) {
      checks.add(new Check(p + "lists:" + who, "user-lists", config.userLists()));
      return checks;
    }
    checks.add(new Check(p + "user:" + who, "user", local.rateOf(ex.caller())));
    String target = ex.target() == null ? null : ex.target().exposedName();
    for (int i = 0; i < toolPatterns.length && target != null; i++) {
      if (toolPatterns[i].matches(target)) {
        String pattern = config.tools().get(i).tool();
        checks.add(new Check(p + "tool:" + pattern + ":" + who, "user-tool:" + pattern, config.tools().get(i).rate()));
      }
    }
    if (ex.target() != null && config.backends().containsKey(ex.target().backend())) {
      String backend = ex.target().backend();
      checks.add(new Check(p + "backend:" + backend, "backend:" + backend, config.backends().get(backend)));
    }
    return checks;
  }

  private Future<Response> eval(List<Check> checks) {
    String loaded = sha;
    if (loaded == null) {
      return redis.script(List.of("LOAD", SCRIPT)).compose(r -> {
        sha = r.toString();
        return eval(checks);
      });
    }
    List<String> args = new ArrayList<>(2 + checks.size() * 3);
    args.add(loaded);
    args.add(String.valueOf(checks.size()));
    checks.forEach(c -> args.add(c.key()));
    for (Check c : checks) {
      args.add(String.valueOf(c.rate().tokensPerSecond() / 1000.0));
      args.add(String.valueOf(c.rate().burstOrDefault()));
    }
    return redis.evalsha(args).recover(e -> {
      if (String.valueOf(e.getMessage()).startsWith("NOSCRIPT")) {
        sha = null; // Redis restarted and forgot the script
        return eval(checks);
      }
      return Future.failedFuture(e);
    });
  }

  private <T> Future<T> withTimeout(Future<T> f) {
    Promise<T> p = Promise.promise();
    long timer = vertx.setTimer(timeoutMillis, t -> p.tryFail("no answer from Redis within " + timeoutMillis + " ms"));
    f.onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        p.tryComplete(ar.result());
      } else {
        p.tryFail(ar.cause());
      }
    });
    return p.future();
  }

  private Future<Void> fallback(Exchange ex) {
    fallbacks.incrementAndGet();
    if (refusesWhileUnreachable()) {
      return Future.failedFuture(new McpError(ErrorKind.LIMITS_UNAVAILABLE, "Rate limits cannot be checked: Redis at "
          + config.redis().url() + " is unreachable (" + lastError + ") and limits.redis.onFailure is closed"));
    }
    return fallback.admit(ex);
  }

  /** Pings Redis every second while it is unreachable, calls or none, until it answers. */
  private void probe() {
    withTimeout(redis.ping(List.of())).onComplete(ar -> {
      if (ar.succeeded()) {
        markReachable();
      } else {
        markUnreachable(ar.cause());
      }
    });
  }

  /** Who hears that Redis became unreachable or reachable again (readiness changes are counted). */
  public void onAvailability(java.util.function.Consumer<Boolean> listener) {
    this.availability = listener;
  }

  private synchronized void markUnreachable(Throwable cause) {
    lastError = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    retryAtNanos = System.nanoTime() + RETRY_NANOS;
    if (reachable && !closed) {
      unreachableSinceMillis = System.currentTimeMillis();
      reachable = false;
      probeTimer = vertx.setPeriodic(RETRY_NANOS / 1_000_000, id -> probe());
      availability.accept(false);
      LOG.log(System.Logger.Level.ERROR, "Redis at {0} is unreachable ({1}); {2} until it is back",
          config.redis().url(), lastError, refusesWhileUnreachable() ? "refusing rate-limited calls"
              : "each hub instance applies its own local limits");
    }
  }

  private synchronized void markReachable() {
    if (!reachable) {
      reachable = true;
      vertx.cancelTimer(probeTimer);
      availability.accept(true);
      LOG.log(System.Logger.Level.INFO, "Redis at {0} is reachable again; limits are shared across instances",
          config.redis().url());
    }
  }
}
