package dev.switchboard.ratelimit;

import dev.switchboard.config.LimitsConfig;
import dev.switchboard.identity.Caller;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.McpNames;
import dev.switchboard.protocol.Patterns;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * In-memory limits, keyed by the caller's principal: a user bucket for calls and a looser one for lists,
 * one bucket per configured tool pattern, one per backend for everyone together, and a cap on a user's
 * calls in flight. Checked in that order; a refused call never reaches the backend. The user's rate is
 * a per-user override, else the most generous {@code rateLimit} in the caller's grants, else the default.
 */
public final class LocalRateLimiter implements RateLimiter {
  private static final long IDLE_NANOS = 5 * 60 * 1_000_000_000L;
  private static final Future<Void> ADMITTED = Future.succeededFuture();

  /** One user's buckets, rebuilt when the user's rate changes (a new grant). */
  private static final class UserState {
    final LimitsConfig.Rate rate;
    final TokenBucket calls;
    final TokenBucket lists;
    final TokenBucket[] tools;
    final AtomicInteger inFlight;

    UserState(LimitsConfig.Rate rate, LimitsConfig config, long now, double share) {
      this.rate = rate;
      this.calls = bucket(rate, now, share);
      this.lists = bucket(config.userLists(), now, share);
      this.tools = config.tools().stream().map(t -> bucket(t.rate(), now, share)).toArray(TokenBucket[]::new);
      this.inFlight = new AtomicInteger();
    }

    /** The same user after a reload: buckets whose limit did not change carry on, the others start full. */
    UserState(UserState before, LimitsConfig was, LimitsConfig now, long nowNanos, double share) {
      this.rate = before.rate; // re-resolved (and the bucket rebuilt) on the user's next call if it changed
      this.calls = before.calls;
      this.lists = was.userLists().equals(now.userLists()) ? before.lists : bucket(now.userLists(), nowNanos, share);
      this.tools = new TokenBucket[now.tools().size()];
      for (int i = 0; i < tools.length; i++) {
        int old = was.tools().indexOf(now.tools().get(i));
        tools[i] = old >= 0 ? before.tools[old] : bucket(now.tools().get(i).rate(), nowNanos, share);
      }
      this.inFlight = before.inFlight; // calls under way release the same counter
    }
  }

  private final LimitsConfig config;
  private final List<String> capabilityNames;
  private final LongSupplier nanos;
  private final double share;
  private final Patterns[] toolPatterns;
  private final Map<String, UserState> users = new ConcurrentHashMap<>();
  private final Map<String, TokenBucket> backends = new ConcurrentHashMap<>();

  public LocalRateLimiter(LimitsConfig config, List<String> capabilityNames, LongSupplier nanos) {
    this(config, capabilityNames, nanos, 1);
  }

  private LocalRateLimiter(LimitsConfig config, List<String> capabilityNames, LongSupplier nanos, double share) {
    this.config = config;
    this.capabilityNames = capabilityNames;
    this.nanos = nanos;
    this.share = share;
    this.toolPatterns = config.tools().stream().map(t -> Patterns.of(List.of(t.tool()))).toArray(Patterns[]::new);
    long now = nanos.getAsLong();
    config.backends().forEach((name, rate) -> backends.put(name, bucket(rate, now, share)));
  }

  /**
   * Buckets for one of {@code instances} hubs standing in for shared ones while the shared store is away:
   * every rate and burst is this instance's share, so the hubs together admit no more than the limit
   * (each with its own full burst, two hubs let through three times a limit of 100 in a probe).
   */
  public LocalRateLimiter share(int instances) {
    return new LocalRateLimiter(config, capabilityNames, nanos, 1.0 / instances);
  }

  /**
   * The limiter for a reloaded config: every bucket whose limit is unchanged keeps its tokens (a reload
   * is no way to reset a limit), changed ones start full, and calls in flight still count.
   */
  public LocalRateLimiter reconfigured(LimitsConfig next) {
    LocalRateLimiter r = new LocalRateLimiter(next, capabilityNames, nanos, share);
    long now = nanos.getAsLong();
    users.forEach((who, state) -> r.users.put(who, new UserState(state, config, next, now, share)));
    backends.forEach((name, bucket) -> {
      if (next.backends().containsKey(name) && next.backends().get(name).equals(config.backends().get(name))) {
        r.backends.put(name, bucket);
      }
    });
    return r;
  }

  public LimitsConfig config() {
    return config;
  }

  @Override
  public Future<Void> admit(Exchange ex) {
    String method = ex.method();
    boolean list = McpNames.isList(method);
    if (!config.enabled() || ex.caller() == null || !(list || config.methods().contains(method))) {
      return ADMITTED;
    }
    long now = nanos.getAsLong();
    UserState user = state(ex.caller(), now);
    if (list) {
      return take(user.lists, now, "user-lists", config.userLists());
    }
    if (user.inFlight.get() >= config.maxInFlightPerUser()) {
      return tooManyInFlight();
    }
    Future<Void> verdict = take(user.calls, now, "user", user.rate);
    String target = ex.target() == null ? null : ex.target().exposedName();
    for (int i = 0; i < toolPatterns.length && verdict == ADMITTED && target != null; i++) {
      if (toolPatterns[i].matches(target)) {
        verdict = take(user.tools[i], now, "user-tool:" + config.tools().get(i).tool(), config.tools().get(i).rate());
      }
    }
    TokenBucket backend = ex.target() == null ? null : backends.get(ex.target().backend());
    if (verdict == ADMITTED && backend != null) {
      verdict = take(backend, now, "backend:" + ex.target().backend(), config.backends().get(ex.target().backend()));
    }
    if (verdict == ADMITTED) {
      user.inFlight.incrementAndGet();
      ex.onFinish(user.inFlight::decrementAndGet);
    }
    return verdict;
  }

  /**
   * Only the in-flight cap (always per instance), for when the rate buckets live elsewhere ({@link
   * RedisRateLimiter}): admits and holds a slot until the exchange finishes.
   */
  Future<Void> admitConcurrency(Exchange ex) {
    UserState user = state(ex.caller(), nanos.getAsLong());
    if (user.inFlight.get() >= config.maxInFlightPerUser()) {
      return tooManyInFlight();
    }
    user.inFlight.incrementAndGet();
    ex.onFinish(user.inFlight::decrementAndGet);
    return ADMITTED;
  }

  private Future<Void> tooManyInFlight() {
    return Future.failedFuture(limited("concurrency", "at most " + config.maxInFlightPerUser()
        + " calls in flight per user", 100));
  }

  /** Forgets users whose buckets are full and unused and who have nothing in flight (bounded memory). */
  public void sweep() {
    long now = nanos.getAsLong();
    users.values().removeIf(u -> u.inFlight.get() == 0 && u.calls.idle(now, IDLE_NANOS) && u.lists.idle(now, IDLE_NANOS));
  }

  public int trackedUsers() {
    return users.size();
  }

  private UserState state(Caller caller, long now) {
    LimitsConfig.Rate rate = rateOf(caller);
    UserState s = users.get(caller.principal());
    if (s == null || !s.rate.equals(rate)) {
      s = new UserState(rate, config, now, share);
      users.put(caller.principal(), s);
    }
    return s;
  }

  LimitsConfig.Rate rateOf(Caller caller) {
    LimitsConfig.Rate override = config.users().get(caller.principal());
    if (override != null) {
      return override;
    }
    LimitsConfig.Rate byMembership = null;
    for (String group : caller.groups()) {
      byMembership = moreGenerous(byMembership, config.groups().get(group));
    }
    for (String tag : caller.tags()) {
      byMembership = moreGenerous(byMembership, config.tags().get(tag));
    }
    if (byMembership != null) {
      return byMembership;
    }
    LimitsConfig.Rate granted = null;
    for (String name : capabilityNames) {
      for (Object grant : caller.capabilities().getOrDefault(name, List.of())) {
        if (grant instanceof JsonObject g && g.getValue("rateLimit") instanceof JsonObject r) {
          LimitsConfig.Rate rate = new LimitsConfig.Rate(number(r, "perMinute"), number(r, "perSecond"), number(r, "burst"));
          if (rate.tokensPerSecond() > 0 && (granted == null || rate.tokensPerSecond() > granted.tokensPerSecond())) {
            granted = rate;
          }
        }
      }
    }
    return granted != null ? granted : config.user();
  }

  private static LimitsConfig.Rate moreGenerous(LimitsConfig.Rate a, LimitsConfig.Rate b) {
    if (a == null) {
      return b;
    }
    return b != null && b.tokensPerSecond() > a.tokensPerSecond() ? b : a;
  }

  private static Double number(JsonObject o, String key) {
    return o.getValue(key) instanceof Number n ? n.doubleValue() : null;
  }

  private static Future<Void> take(TokenBucket bucket, long now, String limit, LimitsConfig.Rate rate) {
    long waitNanos = bucket.tryTake(now);
    if (waitNanos == 0) {
      return ADMITTED;
    }
    long retryMs = Math.max(1, (waitNanos + 999_999) / 1_000_000);
    return Future.failedFuture(limited(limit, describe(rate), retryMs));
  }

  static String describe(LimitsConfig.Rate r) {
    return r.perSecond() != null ? r.perSecond() + "/s" : r.perMinute() + "/min";
  }

  static McpError limited(String limit, String what, long retryMs) {
    return new McpError(ErrorKind.RATE_LIMITED, "Rate limit exceeded (" + limit + ": " + what + "); retry in "
        + retryMs + " ms", new JsonObject().put("limit", limit).put("retryAfterMs", retryMs));
  }

  /** A bucket for {@code share} of a rate: its refill and burst (at least one call) scaled alike. */
  private static TokenBucket bucket(LimitsConfig.Rate rate, long now, double share) {
    return new TokenBucket(rate.tokensPerSecond() * share, Math.max(1, rate.burstOrDefault() * share), now);
  }
}
