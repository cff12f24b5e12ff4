package dev.switchboard.pipeline;

import dev.switchboard.identity.Caller;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.Sha256;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A session of the 2025-era protocol: created by {@code initialize}, bound to the caller that created it,
 * ended by DELETE or by the idle reaper. It owns its streams and the replay window of their events.
 */
public final class LegacySession {
  public static final String GET_STREAM = "get";

  private final String id;
  private final String protocolVersion;
  private final JsonObject clientInfo;
  private final JsonObject clientCapabilities;
  private final Caller caller;
  private final EventLog events;
  private final Map<String, EventStream> streams = new ConcurrentHashMap<>();
  private final Map<Object, Runnable> inFlight = new ConcurrentHashMap<>();
  private final Map<String, Runnable> subscriptions = new ConcurrentHashMap<>();
  private final Map<String, Promise<JsonObject>> clientRequests = new ConcurrentHashMap<>();
  private final AtomicLong streamCounter = new AtomicLong();
  private volatile String hashedId;
  private volatile long lastActiveMillis;
  private volatile boolean ended;

  public LegacySession(String id, String protocolVersion, JsonObject clientInfo, JsonObject clientCapabilities,
      Caller caller, int replayWindow, long nowMillis) {
    this.id = id;
    this.protocolVersion = protocolVersion;
    this.clientInfo = clientInfo;
    this.clientCapabilities = clientCapabilities;
    this.caller = caller;
    this.events = new EventLog(replayWindow);
    this.lastActiveMillis = nowMillis;
  }

  public String id() {
    return id;
  }

  /**
   * The session as the audit trail names it: the first 128 bits of the SHA-256 of its id, in hex, so the
   * trail never holds a live credential. Computed once (it is asked for on every audited call).
   */
  public String hashedId() {
    String h = hashedId;
    if (h == null) {
      h = Sha256.hex(id).substring(0, 32);
      hashedId = h; // a race computes the same value twice, harmlessly
    }
    return h;
  }

  public String protocolVersion() {
    return protocolVersion;
  }

  public JsonObject clientInfo() {
    return clientInfo;
  }

  public JsonObject clientCapabilities() {
    return clientCapabilities;
  }

  public Caller caller() {
    return caller;
  }

  public EventLog events() {
    return events;
  }

  public boolean isEnded() {
    return ended;
  }

  public void touch(long nowMillis) {
    lastActiveMillis = nowMillis;
  }

  /** Idle means: no request for a while and no client holding a stream open. */
  public boolean isIdle(long nowMillis, long idleMillis) {
    return nowMillis - lastActiveMillis > idleMillis
        && streams.values().stream().noneMatch(EventStream::hasLiveConnection);
  }

  /** A new logical stream for the response of one POST. */
  public EventStream openResponseStream() {
    EventStream s = new EventStream("p" + streamCounter.incrementAndGet(), events);
    streams.put(s.id(), s);
    return s;
  }

  /** The standalone GET stream, created on first use. */
  public EventStream getStream() {
    return streams.computeIfAbsent(GET_STREAM, k -> new EventStream(k, events));
  }

  public EventStream stream(String streamId) {
    return streams.get(streamId);
  }

  /** Forgets a finished response stream once nothing can resume it any more. */
  public void forgetStream(EventStream s) {
    streams.remove(s.id(), s);
  }

  /** Registers how to cancel an in-flight request, for {@code notifications/cancelled}. */
  public void trackInFlight(Object requestId, Runnable cancel) {
    inFlight.put(requestId, cancel);
  }

  public void untrackInFlight(Object requestId) {
    inFlight.remove(requestId);
  }

  public void cancel(Object requestId) {
    if (requestId == null) {
      return; // a notifications/cancelled that names no request cancels nothing
    }
    Runnable r = inFlight.remove(requestId);
    if (r != null) {
      r.run();
    }
  }

  /** Registers a hub-to-client request id; the future completes with the client's JSON-RPC response. */
  public Future<JsonObject> expectClientResponse(String requestId) {
    Promise<JsonObject> p = Promise.promise();
    clientRequests.put(requestId, p);
    return p.future();
  }

  public void forgetClientRequest(String requestId) {
    clientRequests.remove(requestId);
  }

  /** A JSON-RPC response POSTed by the client; false when it answers nothing we asked. */
  public boolean answerClientRequest(Object id, JsonObject response) {
    Promise<JsonObject> p = id == null ? null : clientRequests.remove(String.valueOf(id));
    return p != null && p.tryComplete(response);
  }

  /** Keeps a backend subscription alive for as long as the session (or until removed). */
  public void addSubscription(String key, Runnable close) {
    Runnable before = subscriptions.put(key, close);
    if (before != null) {
      before.run();
    }
    if (ended) {
      removeSubscription(key);
    }
  }

  public boolean hasSubscription(String key) {
    return subscriptions.containsKey(key);
  }

  public void removeSubscription(String key) {
    Runnable close = subscriptions.remove(key);
    if (close != null) {
      close.run();
    }
  }

  /**
   * Ends the session: cancels what is in flight, closes its subscriptions and the GET stream. A call's own
   * response stream is left to the call, whose answer (the cancellation's error, at once) ends it: closed
   * here first, the client would never hear how its request ended.
   */
  public void end() {
    ended = true;
    subscriptions.keySet().forEach(this::removeSubscription);
    clientRequests.values().forEach(p -> p.tryFail(new McpError(ErrorKind.CANCELLED,
        "The session ended while the call waited for the client's answer")));
    clientRequests.clear();
    inFlight.values().forEach(Runnable::run);
    inFlight.clear();
    EventStream get = streams.remove(GET_STREAM);
    if (get != null) {
      get.finish();
    }
  }

  public void keepAlive() {
    streams.values().forEach(EventStream::keepAlive);
  }
}
