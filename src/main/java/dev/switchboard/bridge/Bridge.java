package dev.switchboard.bridge;

import dev.switchboard.protocol.BoundedLines;
import dev.switchboard.protocol.Era;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.JsonRpc;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.McpNames;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code switchboard connect}: MCP over stdio on one side, the hub over HTTP on the other. Each message
 * keeps its era (the hub speaks both): 2026-07-28 requests become stateless POSTs with their headers, and
 * a closed stream cancels them; 2025-era traffic runs in one hub session ({@link HubSession}), whose GET
 * stream is relayed to stdout and resumed with {@code Last-Event-ID} when it drops.
 *
 * <p>Every request from the client gets exactly one answer: the hub's, or an error that says what went
 * wrong. A request the hub refused with 404 (its session expired) never ran and is retried once on a new
 * session; a call whose connection broke mid-way may have run and is failed, never repeated.
 */
public final class Bridge {
  private static final System.Logger LOG = System.getLogger(Bridge.class.getName());
  private static final int HUB_ERROR = -32603;
  private static final Duration STDIN_CLOSED_GRACE = Duration.ofSeconds(5);
  /** What one message on stdin may hold; the hub's own limit (413) is usually lower. */
  private static final int MAX_LINE_BYTES = 32 * 1024 * 1024;
  private final BridgeOptions options;
  private final HubClient hub;
  private final StdioLines out;
  private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "switchboard-bridge");
    t.setDaemon(true);
    return t;
  });
  private final Map<Object, HubClient.Call> inFlight = new ConcurrentHashMap<>();
  private final Set<Object> cancelled = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final Unanswered unanswered = new Unanswered();
  private final HubSession session;

  public Bridge(BridgeOptions options, OutputStream stdout) {
    this.options = options;
    this.hub = new HubClient(options);
    this.out = new StdioLines(stdout);
    this.session = new HubSession(hub, out, options.timeout(), closing::get);
  }

  /** Reads the client's messages until stdin ends, then shuts down cleanly. */
  public void run(InputStream stdin) throws IOException {
    BoundedLines in = new BoundedLines(stdin, MAX_LINE_BYTES, () -> out.send(JsonRpc.error(null, new McpError(
        ErrorKind.BODY_TOO_LARGE, "Invalid Request: a message over " + MAX_LINE_BYTES + " bytes was skipped")
        .toJsonRpc(Era.LEGACY))));
    String line;
    while ((line = in.next()) != null && !closing.get()) {
      if (!line.isBlank()) {
        onLine(line);
      }
    }
    unanswered.await(STDIN_CLOSED_GRACE, closing::get); // answers on their way are still written
    LOG.log(System.Logger.Level.INFO, "stdin closed; ending the hub session");
    shutdown();
  }

  /** Ends the hub session (DELETE) and drops what is in flight; safe to call twice (stdin EOF and SIGTERM). */
  public void shutdown() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    inFlight.values().forEach(HubClient.Call::abort);
    session.end();
    workers.shutdownNow();
  }

  private void onLine(String line) {
    JsonObject read = null;
    try {
      read = JsonRpc.object(Buffer.buffer(line));
      JsonRpc.classify(read); // the hub's own rules, and its words for what is wrong
    } catch (McpError e) {
      // with the id when it can be read: a client waits for the answer to its id
      Object id = read != null ? JsonRpc.idOf(read) : JsonRpc.idOfRefused(Buffer.buffer(line));
      out.send(JsonRpc.error(id, e.toJsonRpc(Era.LEGACY)));
      return;
    }
    JsonObject msg = read;
    String method = msg.getString("method");
    boolean isRequest = method != null && msg.containsKey("id");
    if (method != null && !isRequest && McpNames.CANCELLED.equals(method)) {
      cancel(msg);
    } else if (isRequest && isModern(msg)) {
      workers.execute(unanswered.counted(() -> modernRequest(msg)));
    } else if (isRequest && McpNames.INITIALIZE.equals(method)) {
      // before the lines after it go on: they wait for its answer
      CompletableFuture<Void> answered = session.initializing(msg.getJsonObject("params", new JsonObject()));
      workers.execute(unanswered.counted(() -> initialize(msg, answered)));
    } else if (isRequest) {
      workers.execute(unanswered.counted(() -> legacyRequest(msg)));
    } else if (method != null && isModern(msg)) {
      workers.execute(() -> postQuietly(msg, HubClient.modernHeaders(msg)));
    } else {
      workers.execute(() -> legacyOneWay(msg)); // notifications, and answers to the hub's requests
    }
  }

  private static boolean isModern(JsonObject msg) {
    JsonObject params = msg.getJsonObject("params");
    JsonObject meta = params == null ? null : params.getJsonObject(McpNames.META);
    return McpNames.DISCOVER.equals(msg.getString("method"))
        || (meta != null && meta.getValue(McpNames.META_PROTOCOL_VERSION) != null);
  }

  // ---- 2026-07-28

  private void modernRequest(JsonObject msg) {
    Object id = msg.getValue("id");
    exchange(id, HubClient.modernHeaders(msg), msg, McpNames.DISCOVER.equals(msg.getString("method")));
  }

  /** A client's notifications/cancelled: a modern call's stream is closed (the hub cancels); legacy forwards. */
  private void cancel(JsonObject msg) {
    Object id = msg.getJsonObject("params", new JsonObject()).getValue("requestId");
    HubClient.Call call = id == null ? null : inFlight.get(id);
    if (call != null && call.modern) {
      cancelled.add(id);
      call.abort();
    } else {
      if (id != null) {
        cancelled.add(id);
      }
      workers.execute(() -> legacyOneWay(msg));
    }
  }

  // ---- 2025-11-25 / 06-18 / 03-26

  private void initialize(JsonObject msg, CompletableFuture<Void> answered) {
    try {
      exchange(msg.getValue("id"), Map.of(), msg, true);
    } finally {
      answered.complete(null);
    }
  }

  private void legacyRequest(JsonObject msg) {
    exchange(msg.getValue("id"), session.headers(), msg, false);
  }

  /** Notifications and responses within the session; {@code initialized} also opens the GET stream. */
  private void legacyOneWay(JsonObject msg) {
    String sid = session.id();
    HubClient.Answer a = postQuietly(msg, session.headers());
    if (a != null && a.status() == 404 && sid != null && session.renew(sid)) {
      a = postQuietly(msg, session.headers());
    }
    if (McpNames.INITIALIZED.equals(msg.getString("method")) && a != null && a.status() / 100 == 2) {
      session.startStream();
    }
  }

  private HubClient.Answer postQuietly(JsonObject msg, Map<String, String> headers) {
    try {
      return hub.call().run(hub.post(msg, headers), (eventId, m) -> out.send(m));
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "could not deliver {0} to the hub: {1}", describe(msg), e.getMessage());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  // ---- one request, either era

  /**
   * Sends one request and relays what comes back until its answer. {@code firstContact} requests
   * (initialize, server/discover) wait for an unreachable hub with backoff; the others fail at once.
   */
  private void exchange(Object id, Map<String, String> headers, JsonObject msg, boolean firstContact) {
    HubClient.Call call = hub.call();
    call.modern = isModern(msg);
    inFlight.put(id, call);
    AtomicBoolean answered = new AtomicBoolean();
    String sentWith = headers.get(McpNames.HEADER_SESSION_ID);
    try {
      HubClient.Answer a = sendWithRetry(call, msg, headers, answered, firstContact);
      if (a.status() == 404 && sentWith != null && !answered.get() && session.renew(sentWith)) {
        // 404: the hub never ran it (its session was gone), so running it on the new session is safe.
        call = hub.call();
        inFlight.put(id, call);
        a = call.run(hub.post(msg, session.headers()), relay(msg, answered));
      }
      if (McpNames.INITIALIZE.equals(msg.getString("method")) && a.header(McpNames.HEADER_SESSION_ID) != null) {
        session.opened(a.header(McpNames.HEADER_SESSION_ID));
      }
      if (!answered.get() && !cancelled.contains(id)) {
        out.send(a.errorBody() != null && a.errorBody().containsKey("error")
            ? JsonRpc.error(id, a.errorBody().getJsonObject("error"))
            : error(id, "The hub answered HTTP " + a.status() + " without a JSON-RPC answer for this request"));
      }
    } catch (IOException e) {
      if (!answered.get() && !cancelled.contains(id) && !closing.get()) {
        out.send(error(id, unreachable(e) ? "Cannot reach the Switchboard hub at " + options.hub() + ": "
            + reason(e) + ". Is it running, and is this machine on the tailnet?"
            : "The connection to the hub broke before the answer arrived (" + reason(e) + "); the call may have "
            + "run, so it was not repeated"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      inFlight.remove(id);
      cancelled.remove(id);
    }
  }

  private HubClient.Answer sendWithRetry(HubClient.Call call, JsonObject msg, Map<String, String> headers,
      AtomicBoolean answered, boolean waitForHub) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Math.min(options.timeout().toNanos(), Duration.ofSeconds(15).toNanos());
    long backoff = 250;
    while (true) {
      try {
        return call.run(hub.post(msg, headers), relay(msg, answered));
      } catch (IOException e) {
        if (!waitForHub || !unreachable(e) || closing.get() || System.nanoTime() + backoff * 1_000_000 > deadline) {
          throw e;
        }
        LOG.log(System.Logger.Level.WARNING, "hub {0} unreachable ({1}); retrying in {2} ms", options.hub(),
            reason(e), backoff);
        Thread.sleep(backoff);
        backoff = Math.min(backoff * 2, 4000);
      }
    }
  }

  /** Relays the messages of one answer; the one carrying the request's id completes it. */
  private java.util.function.BiConsumer<String, JsonObject> relay(JsonObject request, AtomicBoolean answered) {
    Object id = request.getValue("id");
    boolean initialize = McpNames.INITIALIZE.equals(request.getString("method"));
    return (eventId, m) -> {
      if (cancelled.contains(id)) {
        return;
      }
      boolean isAnswer = m.getString("method") == null && JsonRpc.sameId(m.getValue("id"), id);
      if (isAnswer) {
        if (initialize && m.getJsonObject("result") != null && m.getJsonObject("result").getString("protocolVersion") != null) {
          session.negotiated(m.getJsonObject("result").getString("protocolVersion")); // what the session speaks
        }
        answered.set(true);
      }
      out.send(m);
    };
  }

  // ---- errors

  private static JsonObject error(Object id, String message) {
    return JsonRpc.error(id, new JsonObject().put("code", HUB_ERROR).put("message", message));
  }

  private static boolean unreachable(IOException e) {
    return e instanceof ConnectException || e instanceof HttpConnectTimeoutException
        || e.getCause() instanceof ConnectException;
  }

  private static String reason(IOException e) {
    String m = e.getMessage();
    if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
      return "connection refused";
    }
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  private static String describe(JsonObject msg) {
    return msg.getString("method") != null ? msg.getString("method") : "a response to request " + msg.getValue("id");
  }
}
