package dev.switchboard.pipeline;

import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.McpNames;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Function;

/**
 * The life of every call, written out once and in order. The transport has already done its checks
 * (Host/Origin, media types, size, JSON-RPC shape, era and header/body agreement) before an exchange exists.
 *
 * <ol>
 *   <li><b>deadline</b> — one per request, from its arrival ({@link Deadline}); when it passes the call is
 *       cancelled downstream and the client gets a timeout error, so nothing waits forever on a slow stage
 *       or backend.</li>
 *   <li><b>identity</b> — who is calling, from the tailnet, never from what the client says.</li>
 *   <li><b>session</b> — a legacy call must belong to that caller's live session.</li>
 *   <li><b>route</b> — resolve the exposed name to its backend and original name; unknown names fail here.</li>
 *   <li><b>policy</b> — after route, because grants name tools; a denial is answered like an unknown name.</li>
 *   <li><b>rate limit</b> — after policy, keyed by caller and target, so refused calls never count.</li>
 *   <li><b>dispatch</b> — the hub's own methods, or the backend call.</li>
 *   <li><b>trace</b>, <b>metrics</b> and <b>audit</b> — observe every exchange, failed or not; audit may hold the
 *       response until its record is durable, within the same deadline.</li>
 * </ol>
 */
public final class Pipeline {
  private static final System.Logger LOG = System.getLogger(Pipeline.class.getName());
  static final long AUDIT_GRACE_MILLIS = 1000;
  private final Vertx vertx;
  private final List<Stage> clientStages;
  private final List<Stage> callStages;
  private final Function<Exchange, Future<JsonObject>> dispatch;
  private final AuditSink audit;
  private final MetricsSink metrics;
  private final TraceSink traces;
  private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

  /**
   * @param clientStages who is calling and in which session (identity, session): every client message
   *                     passes them, requests and GET streams, DELETEs, notifications and responses alike
   * @param callStages   what a request may do (route, policy, rate limit), after the client stages
   * Each is a named object; {@code hub.Hub} builds both lists in one place.
   */
  public Pipeline(Vertx vertx, List<Stage> clientStages, List<Stage> callStages,
      Function<Exchange, Future<JsonObject>> dispatch, AuditSink audit, MetricsSink metrics, TraceSink traces) {
    this.vertx = vertx;
    this.clientStages = List.copyOf(clientStages);
    this.callStages = List.copyOf(callStages);
    this.dispatch = dispatch;
    this.audit = audit;
    this.metrics = metrics;
    this.traces = traces;
  }

  /** Exchanges between their start and their outcome (what metrics and shutdown want to know). */
  public int inFlight() {
    return inFlight.get();
  }

  /**
   * The stages before dispatch. Exchanges that open a stream instead of returning one result
   * ({@code subscriptions/listen}) pass these and then start their stream.
   */
  public Future<Void> admit(Exchange ex) {
    Future<Void> admitted = identify(ex);
    for (Stage stage : callStages) {
      admitted = then(admitted, stage::apply, ex);
    }
    return admitted;
  }

  /**
   * The client stages alone: who is calling and, for a legacy message, the caller's own session
   * ({@link Exchange#session}). The one way in for messages that are no request: GET streams, DELETE,
   * notifications and responses.
   */
  public Future<Void> identify(Exchange ex) {
    Future<Void> identified = Future.succeededFuture();
    for (Stage stage : clientStages) {
      identified = then(identified, stage::apply, ex);
    }
    return identified;
  }

  /**
   * The next step after {@code previous}, like {@code compose}: a step that throws fails the exchange like
   * one that returns a failed future. Most stages answer at once (a map lookup, a token bucket): the next
   * then runs straight away instead of through another future and its listener, which on the hot path is
   * a measurable share of the hub's own CPU per call.
   */
  private static <T> Future<T> then(Future<Void> previous, Function<Exchange, Future<T>> next, Exchange ex) {
    if (!previous.succeeded()) {
      return previous.compose(v -> next.apply(ex));
    }
    try {
      return next.apply(ex);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** Runs the exchange; the future carries the (era-neutral) result or an McpError. */
  public Future<JsonObject> run(Exchange ex) {
    inFlight.incrementAndGet();
    ex.span(traces.start(ex));
    Promise<JsonObject> outcome = Promise.promise();
    ex.deadline().onExpiry(() -> {
      if (outcome.tryFail(new McpError(ErrorKind.BACKEND_TIMEOUT, "Request timed out: no answer within the deadline"
          + (ex.target() != null ? " from backend '" + ex.target().backend() + "'" : "")))) {
        ex.cancel();
      }
    });
    McpError refusal = audit.refusal();
    Future<Void> admitted = refusal != null ? Future.failedFuture(refusal) : admit(ex);
    then(admitted, dispatch, ex)
        .onComplete(ar -> {
          ex.deadline().cancel();
          if (ar.succeeded()) {
            outcome.tryComplete(ar.result());
          } else {
            if (!(ar.cause() instanceof McpError)) { // a bug: the client only learns "internal error"
              LOG.log(System.Logger.Level.WARNING, "Unexpected failure of " + context(ex), ar.cause());
            }
            outcome.tryFail(McpError.of(ar.cause()));
          }
        });
    return outcome.future().transform(ar -> {
      inFlight.decrementAndGet();
      ex.finish(ar.failed() ? McpError.of(ar.cause()) : null, ar.succeeded() ? ar.result() : null);
      ex.span().end(ex, ar.succeeded() ? ar.result() : null);
      metrics.observe(ex);
      Future<JsonObject> result = ar.succeeded() ? Future.succeededFuture(ar.result())
          : Future.failedFuture(McpError.of(ar.cause()));
      Future<Void> recorded = withinDeadline(ex, audit.record(ex, ar.succeeded() ? ar.result() : null));
      return recorded.succeeded() ? result
          : recorded.transform(a -> a.succeeded() ? result : Future.failedFuture(McpError.of(a.cause())));
    });
  }

  /** The call a log line concerns: its method, who called, which backend, its trace. */
  private static String context(Exchange ex) {
    String trace = ex.span().traceId();
    return McpNames.bounded(ex.method()) + " (user " + (ex.caller() == null ? "unknown" : ex.caller().principal())
        + ", backend " + (ex.target() == null ? "none" : ex.target().backend()) + (trace.isEmpty() ? "" : ", trace "
        + trace) + ")";
  }

  /**
   * Waiting for the call's record is part of the exchange's one deadline (with a grace of at least
   * {@value #AUDIT_GRACE_MILLIS} ms, for an answer that came at the end of it): a trail that stops
   * confirming, such as a disk that hangs instead of failing, turns calls into errors instead of answers
   * that never come. The answer is then an error, never the result without its record.
   */
  private Future<Void> withinDeadline(Exchange ex, Future<Void> recorded) {
    if (recorded.isComplete()) {
      return recorded;
    }
    Promise<Void> bounded = Promise.promise();
    long timer = vertx.setTimer(Math.max(AUDIT_GRACE_MILLIS, ex.remainingMillis()), t -> bounded.tryFail(
        new McpError(ErrorKind.AUDIT_UNAVAILABLE, "The audit trail did not confirm this call's record in time, "
            + "so its answer is withheld (the call itself may have run)")));
    recorded.onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        bounded.tryComplete();
      } else {
        bounded.tryFail(ar.cause());
      }
    });
    return bounded.future();
  }
}
