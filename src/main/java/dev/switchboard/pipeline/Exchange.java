package dev.switchboard.pipeline;

import dev.switchboard.identity.Caller;
import dev.switchboard.protocol.Era;
import dev.switchboard.protocol.JsonRpcMessage;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.McpNames;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;

/**
 * One client request on its way through the hub, whatever its era. The transport creates it with what
 * the wire said; each stage of the {@link Pipeline} adds what it learns (caller, session, target); audit
 * and metrics read the outcome. Confined to the event loop of the request's connection.
 */
public final class Exchange {
  private final JsonRpcMessage request;
  private final Era era;
  private final String protocolVersion;
  private final HttpServerRequest http;
  private final long startNanos = System.nanoTime();
  private final Deadline deadline;
  private final Promise<Void> cancellation = Promise.promise();
  private Consumer<JsonObject> notificationSink = n -> {};
  private JsonObject clientInfo = new JsonObject();
  private JsonObject clientCapabilities = new JsonObject();
  private Caller caller;
  private LegacySession session;
  private Target target;
  private McpError error;
  private String denial;
  private java.util.List<Runnable> onFinish;
  private long finishedNanos;
  private int bytesIn;
  private boolean toolError;
  private Outcome outcome = Outcome.OK;
  private TraceSink.Span span = TraceSink.NO_SPAN;

  public Exchange(JsonRpcMessage request, Era era, String protocolVersion, HttpServerRequest http, long timeoutMillis) {
    this(request, era, protocolVersion, http, Deadline.in(timeoutMillis));
  }

  /** An exchange under its request's deadline, which started when the request arrived. */
  public Exchange(JsonRpcMessage request, Era era, String protocolVersion, HttpServerRequest http, Deadline deadline) {
    this.request = request;
    this.era = era;
    this.protocolVersion = protocolVersion;
    this.http = http;
    this.deadline = deadline;
  }

  public JsonRpcMessage request() {
    return request;
  }

  public String method() {
    return request.method();
  }

  /** The request params without the protocol's own {@code _meta} envelope keys. */
  public JsonObject params() {
    return request.params();
  }

  public Era era() {
    return era;
  }

  public String protocolVersion() {
    return protocolVersion;
  }

  public HttpServerRequest http() {
    return http;
  }

  /** What is left of the exchange's one deadline; later stages never get more than this. */
  public long remainingMillis() {
    return deadline.remainingMillis();
  }

  Deadline deadline() {
    return deadline;
  }

  public Caller caller() {
    return caller;
  }

  public void caller(Caller caller) {
    this.caller = caller;
  }

  public LegacySession session() {
    return session;
  }

  public void session(LegacySession session) {
    this.session = session;
  }

  public JsonObject clientInfo() {
    return clientInfo;
  }

  public JsonObject clientCapabilities() {
    return clientCapabilities;
  }

  public void client(JsonObject info, JsonObject capabilities) {
    this.clientInfo = info == null ? new JsonObject() : info;
    this.clientCapabilities = capabilities == null ? new JsonObject() : capabilities;
  }

  /** The exchange's span (a span that records nothing when tracing is off). */
  public TraceSink.Span span() {
    return span;
  }

  void span(TraceSink.Span span) {
    this.span = span;
  }

  public Target target() {
    return target;
  }

  public void target(Target target) {
    this.target = target;
  }

  /**
   * Messages related to this request go here, in order: notifications (progress, log messages) and, for
   * legacy clients, the server-to-client requests a backend needs answered to finish the call.
   */
  public void notify(JsonObject notification) {
    if (era == Era.MODERN && McpNames.LOG_MESSAGE.equals(notification.getValue("method")) && !logWanted(notification)) {
      return;
    }
    notificationSink.accept(notification);
  }

  /**
   * A 2026-07-28 client hears log messages only when its request named a level, and then those at or above
   * it (the revision forbids them otherwise); a legacy client hears what its server chose to send.
   */
  private boolean logWanted(JsonObject message) {
    Object wanted = params().getValue(McpNames.META) instanceof JsonObject meta
        ? meta.getValue(McpNames.META_LOG_LEVEL) : null;
    int threshold = McpNames.LOG_LEVELS.indexOf(wanted);
    if (threshold < 0) {
      return false;
    }
    Object level = message.getValue("params") instanceof JsonObject p ? p.getValue("level") : null;
    return McpNames.LOG_LEVELS.indexOf(level) >= threshold;
  }

  public void notificationSink(Consumer<JsonObject> sink) {
    this.notificationSink = sink;
  }

  /** Completes when the client cancels, the deadline passes or the client goes away. */
  public Future<Void> cancelled() {
    return cancellation.future();
  }

  public void cancel() {
    cancellation.tryComplete();
  }

  /** Records that policy refused this call, and why (for audit and metrics; the client sees "unknown"). */
  public void deny(String reason) {
    this.denial = reason;
  }

  public String denial() {
    return denial;
  }

  public McpError error() {
    return error;
  }

  /** Runs when the exchange has its outcome (releases what admission took, e.g. a concurrency slot). */
  public void onFinish(Runnable action) {
    if (onFinish == null) {
      onFinish = new java.util.ArrayList<>(2);
    }
    onFinish.add(action);
  }

  public void finish(McpError error, JsonObject result) {
    this.error = error;
    this.toolError = result != null && Boolean.TRUE.equals(result.getValue("isError"));
    this.outcome = Outcome.of(error, denial != null, toolError);
    this.finishedNanos = System.nanoTime();
    if (onFinish != null) {
      onFinish.forEach(Runnable::run);
      onFinish = null;
    }
  }

  /** How the exchange ended, once it has ({@link #finish}); what audit and metrics both read. */
  public Outcome outcome() {
    return outcome;
  }

  /** True when the call succeeded as JSON-RPC but the tool reported a failure ({@code isError}). */
  public boolean toolError() {
    return toolError;
  }

  /** Size of the request body as received. */
  public int bytesIn() {
    return bytesIn;
  }

  public void bytesIn(int bytes) {
    this.bytesIn = bytes;
  }

  /** How long ago the exchange began (it may still be going on). */
  public long ageNanos() {
    return System.nanoTime() - startNanos;
  }

  public long durationNanos() {
    return (finishedNanos == 0 ? System.nanoTime() : finishedNanos) - startNanos;
  }
}
