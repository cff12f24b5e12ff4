package dev.switchboard.session;

import dev.switchboard.config.SessionConfig;
import dev.switchboard.identity.Caller;
import dev.switchboard.pipeline.EventStream;
import dev.switchboard.pipeline.LegacySession;
import dev.switchboard.pipeline.UserQuota;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.LazyJson;
import dev.switchboard.protocol.McpError;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * All live legacy sessions. Ids are 192 bits from a SecureRandom in URL-safe base64 (visible ASCII, as
 * the spec requires). A session is only ever returned to the principal that created it; anyone else
 * gets the same 404 as for an unknown id, so ids cannot be probed across users.
 */
public final class SessionRegistry {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Map<String, LegacySession> sessions = new ConcurrentHashMap<>();
  private final SessionConfig config;
  private final LongSupplier clock;
  private long reaperTimer = -1;
  private long keepAliveTimer = -1;
  private java.util.function.BiConsumer<LegacySession, String> endListener = (s, reason) -> {};

  private final UserQuota perUser;

  public SessionRegistry(SessionConfig config, LongSupplier clock) {
    this(config, clock, new UserQuota(Integer.MAX_VALUE, "sessions", "sessions"));
  }

  /** {@code perUser}: how many sessions one principal may hold at once. */
  public SessionRegistry(SessionConfig config, LongSupplier clock, UserQuota perUser) {
    this.config = config;
    this.clock = clock;
    this.perUser = perUser;
  }

  /** Starts idle reaping and stream keep-alives on the given Vert.x timers. */
  public void start(Vertx vertx) {
    long idle = config.idleTimeout().millis();
    reaperTimer = vertx.setPeriodic(dev.switchboard.config.Durations.sweepPeriod(idle), t -> reapIdle());
    keepAliveTimer = vertx.setPeriodic(config.keepAlive().millis(),
        t -> sessions.values().forEach(LegacySession::keepAlive));
  }

  public void stop(Vertx vertx) {
    vertx.cancelTimer(reaperTimer);
    vertx.cancelTimer(keepAliveTimer);
    sessions.values().stream().toList().forEach(s -> end(s, "hub_stopped"));
  }

  /** Told about every session that ends, and why: {@code deleted}, {@code expired} or {@code hub_stopped}. */
  public void onEnd(java.util.function.BiConsumer<LegacySession, String> listener) {
    this.endListener = listener;
  }

  public LegacySession create(String protocolVersion, JsonObject clientInfo, JsonObject capabilities, Caller caller) {
    if (sessions.size() >= config.max()) {
      throw new McpError(ErrorKind.SESSION_LIMIT,
          "Session limit reached (" + config.max() + "); try again later");
    }
    perUser.acquire(caller.principal());
    // Plain copies: a session outlives the request it came with, and is read by the audit writer too.
    LegacySession s = new LegacySession(newId(), protocolVersion, (JsonObject) LazyJson.plainCopy(clientInfo),
        (JsonObject) LazyJson.plainCopy(capabilities), caller,
        config.replayWindow(), clock.getAsLong());
    sessions.put(s.id(), s);
    return s;
  }

  /** The caller's live session with this id; 404 when it is unknown, ended, or someone else's. */
  public LegacySession lookup(String id, Caller caller) {
    LegacySession s = id == null ? null : sessions.get(id);
    if (s == null || s.isEnded() || !s.caller().principal().equals(caller.principal())) {
      throw new McpError(ErrorKind.SESSION_NOT_FOUND, "Session not found: it ended, expired or never existed; "
          + "send a new initialize request without Mcp-Session-Id");
    }
    s.touch(clock.getAsLong());
    return s;
  }

  public void end(LegacySession s, String reason) {
    if (sessions.remove(s.id(), s)) {
      perUser.release(s.caller().principal());
      s.end();
      endListener.accept(s, reason);
    }
  }

  /** Sends a notification on the GET stream of every session, of the chosen callers, that has opened one. */
  public void broadcast(String notificationJson, java.util.function.Predicate<Caller> to) {
    for (LegacySession s : sessions.values()) {
      EventStream stream = s.stream(LegacySession.GET_STREAM);
      if (stream != null && to.test(s.caller())) {
        stream.send(notificationJson);
      }
    }
  }

  public int size() {
    return sessions.size();
  }

  void reapIdle() {
    long now = clock.getAsLong();
    long idle = config.idleTimeout().millis();
    sessions.values().stream().filter(s -> s.isIdle(now, idle)).toList().forEach(s -> end(s, "expired"));
  }

  static String newId() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
