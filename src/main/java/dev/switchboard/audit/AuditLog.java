package dev.switchboard.audit;

import dev.switchboard.config.AuditConfig;
import dev.switchboard.pipeline.AuditObserver;
import dev.switchboard.pipeline.AuditSink;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.LegacySession;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The trail's writer. Event loops hand record bodies to one writer thread through a bounded queue; the
 * thread takes whatever has accumulated (group commit), has the {@link ChainWriter} chain, append and
 * fsync it at once, and only then completes the records' futures on their own event loops, which
 * releases the calls' responses.
 *
 * <p>When the trail cannot be written, the records stay in memory (bounded) and are retried every second;
 * meanwhile the hub fails closed ({@link #refusal()}) unless configured {@code failure: open}. A new file
 * is started on every start and every recovery, so a closed file is never written again.
 */
public final class AuditLog implements AuditSink {
  private static final System.Logger LOG = System.getLogger(AuditLog.class.getName());
  private static final int MAX_BATCH = 4096;
  private static final long POLL_MILLIS = 250;

  private record Pending(JsonObject body, Promise<Void> promise, Context context) {}

  private final AuditConfig config;
  private final AuditEvents events;
  private final RefusalBudget refusals;
  private final Clock clock;
  private final BlockingQueue<Pending> queue;
  private final Thread writer;
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private final TrailHealth health;
  private volatile boolean stopRequested;

  // Writer thread only.
  private final ChainWriter chain;
  private long lost;
  private final ArrayDeque<JsonObject> backlog = new ArrayDeque<>();

  public AuditLog(AuditConfig config, byte[] key, String instance, AuditObserver observer, Clock clock) {
    this.config = config;
    this.events = new AuditEvents(instance, config);
    this.refusals = new RefusalBudget(config.refusals().burst(), config.refusals().interval().millis());
    this.chain = new ChainWriter(config, key, events, observer, clock);
    this.clock = clock;
    this.health = new TrailHealth(config, observer, clock);
    this.queue = new LinkedBlockingQueue<>(config.queueMax());
    this.writer = new Thread(this::run, "switchboard-audit-writer");
    this.writer.setDaemon(true);
  }

  /** Opens the trail (continuing the chain of the files already there); completes even if it cannot. */
  public Future<Void> start(JsonObject startDetails) {
    writer.start();
    append(events.hub("hub_start", startDetails));
    return onContext(started);
  }

  /** Writes the last records and a closing checkpoint, then stops the writer. */
  public Future<Void> close() {
    if (!stopRequested) {
      refusals.due(clock.millis(), true).forEach(s -> append(events.refusalSummary(s)));
      append(events.hub("hub_stop", new JsonObject()));
      stopRequested = true;
    }
    return onContext(stopped);
  }

  private static Future<Void> onContext(CompletableFuture<Void> stage) {
    Context ctx = Vertx.currentContext();
    return ctx == null ? Future.fromCompletionStage(stage) : Future.fromCompletionStage(stage, ctx);
  }

  @Override
  public Future<Void> record(Exchange exchange, JsonObject result) {
    JsonObject body = events.exchange(exchange, result);
    return body == null || !refusals.admit(body, clock.millis()) ? Future.succeededFuture() : append(body);
  }

  public void sessionEnded(LegacySession session, String reason) {
    append(events.sessionEnd(session, reason));
  }

  public void identityFailure(String address, String what, String reason) {
    JsonObject body = events.identityFailure(address, what, reason);
    if (refusals.admit(body, clock.millis())) {
      append(body);
    }
  }

  /** A config reload, applied (with what changed) or rejected (with why). */
  public void configReload(JsonObject details) {
    append(events.hub("config_reload", details));
  }

  public void backendState(String backend, String state, String detail) {
    append(events.backendState(backend, state, detail));
  }

  @Override
  public McpError refusal() {
    return config.failClosed() && !health.writable() ? unavailable() : null;
  }

  public boolean writable() {
    return health.writable();
  }

  /** Why the trail cannot be written, and since when; null while it can. */
  public String lastError() {
    return health.errorSince();
  }

  public int queueDepth() {
    return queue.size();
  }

  private McpError unavailable() {
    return new McpError(ErrorKind.AUDIT_UNAVAILABLE, "The audit trail cannot be written (" + health.error()
        + "); calls are refused until it can be");
  }

  Future<Void> append(JsonObject body) {
    Promise<Void> promise = Promise.promise();
    boolean waits = health.writable() || config.failClosed();
    if (!waits) {
      // Failing open: the response will not wait for this record, so finish it now, before the response
      // is written from the same result (the writer must not read a result that is being answered).
      events.complete(body);
    }
    if (!queue.offer(new Pending(body, promise, Vertx.currentContext()))) {
      return config.failClosed() ? Future.failedFuture(new McpError(ErrorKind.AUDIT_UNAVAILABLE,
          "The audit trail is " + config.queueMax() + " records behind; try again shortly")) : Future.succeededFuture();
    }
    // Failing open: a call waits for its record only while the trail is healthy.
    return waits ? promise.future() : Future.succeededFuture();
  }

  private void run() {
    health.open(chain);
    started.complete(null);
    List<Pending> batch = new ArrayList<>();
    while (true) {
      try {
        Pending first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch, MAX_BATCH - 1);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      if (health.retryDue()) {
        health.open(chain);
      }
      for (JsonObject summary : refusals.due(clock.millis(), false)) {
        batch.add(new Pending(events.refusalSummary(summary), Promise.promise(), null));
      }
      if (!batch.isEmpty() || (health.writable() && !backlog.isEmpty())) {
        commit(batch);
        batch.clear();
      }
      if (health.writable()) {
        checkpointIfDue();
      }
      if (stopRequested && queue.isEmpty()) {
        break;
      }
    }
    shutdown();
  }

  private void commit(List<Pending> batch) {
    batch.forEach(p -> backlog.add(p.body()));
    if (health.writable()) {
      try {
        chain.write(new ArrayList<>(backlog), lost);
        lost = 0;
        backlog.clear();
        settle(batch, null);
        return;
      } catch (IOException | RuntimeException e) { // anything unforeseen fails closed too, never the writer
        health.failed(chain, e);
      }
    }
    trimBacklog();
    settle(batch, config.failClosed() ? unavailable() : null);
  }

  /** Records a call whose client already got an audit error are kept and marked when finally written. */
  private void trimBacklog() {
    // Finished before the calls are answered: their results stop being ours to read.
    for (int n = backlog.size(); n > 0; n--) {
      backlog.addLast(chain.completed(backlog.pollFirst()).put("auditDelayed", true));
    }
    while (backlog.size() > config.queueMax()) {
      backlog.pollFirst();
      lost++;
    }
  }

  private void checkpointIfDue() {
    try {
      chain.checkpointIfDue();
    } catch (IOException | RuntimeException e) {
      health.failed(chain, e);
    }
  }

  private void settle(List<Pending> batch, McpError error) {
    Map<Context, List<Promise<Void>>> byContext = new IdentityHashMap<>();
    for (Pending p : batch) {
      if (p.context() == null) {
        complete(p.promise(), error);
      } else {
        byContext.computeIfAbsent(p.context(), c -> new ArrayList<>()).add(p.promise());
      }
    }
    byContext.forEach((ctx, promises) -> ctx.runOnContext(v -> promises.forEach(pr -> complete(pr, error))));
  }

  private static void complete(Promise<Void> promise, McpError error) {
    if (error == null) {
      promise.tryComplete();
    } else {
      promise.tryFail(error);
    }
  }

  private void shutdown() {
    if (!health.writable()) {
      health.open(chain);
    }
    if (health.writable()) {
      try {
        if (!backlog.isEmpty()) {
          chain.write(new ArrayList<>(backlog), lost);
          backlog.clear();
        }
        chain.checkpoint("shutdown");
      } catch (IOException | RuntimeException e) {
        health.failed(chain, e);
      }
    }
    if (!backlog.isEmpty()) {
      LOG.log(System.Logger.Level.ERROR, "Audit trail: {0} records could not be written before shutdown: {1}",
          backlog.size(), health.error());
    }
    chain.closeQuietly();
    health.stopped();
    stopped.complete(null);
  }
}
