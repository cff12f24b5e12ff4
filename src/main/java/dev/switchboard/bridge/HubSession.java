package dev.switchboard.bridge;

import dev.switchboard.protocol.JsonRpc;
import dev.switchboard.protocol.McpNames;
import dev.switchboard.protocol.ProtocolVersions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The bridge's one 2025-era session on the hub: its id and negotiated version, renewal with the client's
 * original {@code initialize} when the hub has forgotten it (a restart, the idle reaper), and its GET
 * stream, relayed to stdout and resumed from the last event id when it drops.
 */
final class HubSession {
  private static final System.Logger LOG = System.getLogger(HubSession.class.getName());
  private final HubClient hub;
  private final StdioLines out;
  private final Duration timeout;
  private final BooleanSupplier closing;
  private final AtomicInteger renewals = new AtomicInteger();
  private volatile String id;
  private volatile String protocolVersion = ProtocolVersions.LEGACY.get(0);
  private volatile JsonObject initializeParams;
  private volatile HubClient.Call stream;
  private volatile String lastEventId;
  private volatile boolean streamStarted;
  /** Completed once the client's latest {@code initialize} has its answer; see {@link #headers}. */
  private volatile CompletableFuture<Void> established = CompletableFuture.completedFuture(null);

  HubSession(HubClient hub, StdioLines out, Duration timeout, BooleanSupplier closing) {
    this.hub = hub;
    this.out = out;
    this.timeout = timeout;
    this.closing = closing;
  }

  /** The session id; null before {@code initialize} has been answered. */
  String id() {
    return id;
  }

  /**
   * The client's {@code initialize}, kept to open a new session the same way when this one is lost. Called
   * by the thread that reads stdin, before it hands on the lines that follow: those wait for the answer.
   * Returns what to complete when this {@code initialize} has its answer, whatever it was (a session, an
   * error, no hub).
   */
  CompletableFuture<Void> initializing(JsonObject params) {
    initializeParams = params.copy();
    CompletableFuture<Void> answered = new CompletableFuture<>();
    established = answered;
    return answered;
  }

  /** The session id the hub gave in its answer to {@code initialize}. */
  void opened(String sessionId) {
    id = sessionId;
  }

  /** The version the hub's {@code initialize} result says the session speaks. */
  void negotiated(String version) {
    protocolVersion = version;
  }

  /**
   * The headers every message within the session carries. While the client's {@code initialize} waits for
   * its answer they wait too (at most the bridge's timeout): a client that writes its next messages before
   * the answer arrives, a script piping several lines, would otherwise send them without the session.
   */
  Map<String, String> headers() {
    try {
      established.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // go ahead without it: the hub says what is missing
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Map<String, String> h = new HashMap<>();
    h.put(McpNames.HEADER_PROTOCOL_VERSION, protocolVersion);
    if (id != null) {
      h.put(McpNames.HEADER_SESSION_ID, id);
    }
    return h;
  }

  /** Opens a new hub session with the client's original initialize; true when it worked. */
  synchronized boolean renew(String expired) {
    if (!Objects.equals(id, expired)) {
      return id != null; // another thread renewed it already
    }
    if (initializeParams == null || closing.getAsBoolean()) {
      return false;
    }
    try {
      JsonObject init = JsonRpc.request("switchboard-bridge-renew-" + renewals.incrementAndGet(), McpNames.INITIALIZE,
          initializeParams);
      HubClient.Answer a = hub.call().run(hub.post(init, Map.of()), (eventId, m) -> { });
      String sid = a.header(McpNames.HEADER_SESSION_ID);
      if (a.status() != 200 || sid == null) {
        return false;
      }
      hub.call().run(hub.post(JsonRpc.notification(McpNames.INITIALIZED, null),
          Map.of(McpNames.HEADER_SESSION_ID, sid, McpNames.HEADER_PROTOCOL_VERSION, protocolVersion)), (e, m) -> { });
      id = sid;
      lastEventId = null;
      LOG.log(System.Logger.Level.WARNING, "the hub session expired (hub restarted or idle); continuing in a new one");
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Starts following the session's GET stream (once; after {@code initialized} was accepted). */
  synchronized void startStream() {
    if (streamStarted) {
      return;
    }
    streamStarted = true;
    Thread t = new Thread(this::followStream, "switchboard-bridge-stream");
    t.setDaemon(true);
    t.start();
  }

  /** Stops the GET stream and ends the session on the hub (DELETE); the bridge is closing. */
  void end() {
    HubClient.Call s = stream;
    if (s != null) {
      s.abort();
    }
    String sid = id;
    if (sid != null) {
      try {
        hub.call().run(hub.request(Map.of(McpNames.HEADER_SESSION_ID, sid, McpNames.HEADER_PROTOCOL_VERSION,
            protocolVersion)).timeout(Duration.ofSeconds(2)).DELETE().build(), (eventId, m) -> { });
      } catch (IOException | InterruptedException e) {
        LOG.log(System.Logger.Level.DEBUG, "could not end the hub session: {0}", e.getMessage());
      }
    }
  }

  /** Keeps the session's GET stream open, resuming from the last event id after a drop. */
  private void followStream() {
    long backoff = 250;
    while (!closing.getAsBoolean()) {
      String sid = id;
      Map<String, String> h = new HashMap<>(Map.of(McpNames.HEADER_SESSION_ID, sid,
          McpNames.HEADER_PROTOCOL_VERSION, protocolVersion));
      if (lastEventId != null) {
        h.put(McpNames.HEADER_LAST_EVENT_ID, lastEventId);
      }
      HubClient.Call call = hub.call();
      stream = call;
      try {
        HubClient.Answer a = call.run(hub.request(h).header("Accept", "text/event-stream").timeout(timeout)
            .GET().build(), (eventId, m) -> {
              if (eventId != null) {
                lastEventId = eventId;
              }
              out.send(m);
            });
        if (a.status() == 405) {
          return; // the hub offers no GET stream
        }
        if (a.status() == 404 && !renew(sid)) {
          LOG.log(System.Logger.Level.WARNING, "hub session lost and not renewable yet; retrying");
        }
        if (a.status() == 200) {
          backoff = 250; // it was up; a drop is worth a quick retry
        }
      } catch (IOException e) {
        if (!closing.getAsBoolean()) {
          LOG.log(System.Logger.Level.DEBUG, "GET stream dropped: {0}", e.getMessage());
        }
      } catch (InterruptedException e) {
        return;
      }
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        return;
      }
      backoff = Math.min(backoff * 2, 5000);
    }
  }
}
