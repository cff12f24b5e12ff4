package dev.switchboard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Era;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.JsonRpcMessage;
import dev.switchboard.protocol.McpError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The stages run in order, each after the previous one succeeded (at once or later); a stage that fails,
 * or throws, stops the call with its error. The deadline also bounds the wait for the call's audit record.
 */
class PipelineTest {
  private final Vertx vertx = Vertx.vertx();
  private static final JsonObject RESULT = new JsonObject().put("content", "done");

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private Pipeline pipeline(AuditSink audit) {
    Stage pass = ex -> Future.succeededFuture();
    return new Pipeline(vertx, List.of(pass, pass), List.of(pass, pass, pass),
        ex -> Future.succeededFuture(RESULT.copy()), audit, MetricsSink.NONE, TraceSink.NONE);
  }

  /** Runs one exchange with the given deadline on an event loop; the outcome and how long it took. */
  private Outcome run(Pipeline pipeline, long timeoutMillis) throws Exception {
    CompletableFuture<Outcome> done = new CompletableFuture<>();
    long start = System.nanoTime();
    vertx.runOnContext(v -> {
      Exchange ex = new Exchange(new JsonRpcMessage(JsonRpcMessage.Kind.REQUEST, 1, "tools/call", new JsonObject(),
          new JsonObject()), Era.MODERN, "2026-07-28", null, timeoutMillis);
      pipeline.run(ex).onComplete(ar -> done.complete(new Outcome(ar.succeeded() ? ar.result() : null,
          ar.failed() ? McpError.of(ar.cause()) : null, (System.nanoTime() - start) / 1_000_000)));
    });
    return done.get(10, TimeUnit.SECONDS);
  }

  private record Outcome(JsonObject result, McpError error, long millis) {}

  @Test
  void anAuditRecordThatIsNeverConfirmedTurnsTheCallIntoAnErrorAtTheDeadline() throws Exception {
    Outcome o = run(pipeline((ex, result) -> Promise.<Void>promise().future()), 3000);

    assertThat(o.result()).isNull();
    assertThat(o.error().kind()).isEqualTo(ErrorKind.AUDIT_UNAVAILABLE);
    assertThat(o.error().getMessage()).contains("did not confirm this call's record in time");
    assertThat(o.millis()).isBetween(2500L, 8000L); // at the exchange's deadline, not before, not never
  }

  @Test
  void aShortDeadlineStillGivesTheRecordItsGrace() throws Exception {
    AuditSink slow = (ex, result) -> {
      Promise<Void> p = Promise.promise();
      vertx.setTimer(300, t -> p.complete());
      return p.future();
    };
    Outcome o = run(pipeline(slow), 50);

    assertThat(o.error()).isNull();
    assertThat(o.result()).isEqualTo(RESULT);
  }

  @Test
  void aFailedRecordFailsTheCallWithTheSinksError() throws Exception {
    McpError refused = new McpError(ErrorKind.AUDIT_UNAVAILABLE, "disk full");
    Outcome o = run(pipeline((ex, result) -> Future.failedFuture(refused)), 3000);

    assertThat(o.result()).isNull();
    assertThat(o.error().getMessage()).isEqualTo("disk full");
  }

  private Pipeline stages(List<String> ran, Stage identity, Stage rateLimit, Function<Exchange, Future<JsonObject>> dispatch) {
    Stage session = ex -> note(ran, "session");
    Stage route = ex -> {
      ran.add("route");
      Promise<Void> later = Promise.promise(); // a stage that answers on a later turn of the event loop
      vertx.setTimer(20, t -> later.complete());
      return later.future();
    };
    Stage policy = ex -> note(ran, "policy");
    return new Pipeline(vertx, List.of(identity, session), List.of(route, policy, rateLimit), dispatch,
        (ex, r) -> Future.succeededFuture(), MetricsSink.NONE, TraceSink.NONE);
  }

  private static Future<Void> note(List<String> ran, String stage) {
    ran.add(stage);
    return Future.succeededFuture();
  }

  @Test
  void stagesRunInOrderWhetherTheyAnswerAtOnceOrLater() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    Outcome o = run(stages(ran, ex -> note(ran, "identity"), ex -> note(ran, "rateLimit"), ex -> {
      ran.add("dispatch");
      return Future.succeededFuture(RESULT.copy());
    }), 3000);

    assertThat(o.result()).isEqualTo(RESULT);
    assertThat(ran).containsExactly("identity", "session", "route", "policy", "rateLimit", "dispatch");
  }

  @Test
  void aStageThatThrowsStopsTheCallWithItsError() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    Stage throwing = ex -> {
      throw new McpError(ErrorKind.IDENTITY_REFUSED, "not on the tailnet");
    };
    Outcome o = run(stages(ran, throwing, ex -> note(ran, "rateLimit"), ex -> Future.succeededFuture(RESULT)), 3000);

    assertThat(o.error().kind()).isEqualTo(ErrorKind.IDENTITY_REFUSED);
    assertThat(o.error().getMessage()).isEqualTo("not on the tailnet");
    assertThat(ran).isEmpty();
  }

  @Test
  void aStageThatThrowsAfterAnAsynchronousOneStopsTheCallToo() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    Stage throwing = ex -> {
      throw new McpError(ErrorKind.RATE_LIMITED, "over the limit");
    };
    Outcome o = run(stages(ran, ex -> note(ran, "identity"), throwing, ex -> {
      ran.add("dispatch");
      return Future.succeededFuture(RESULT);
    }), 3000);

    assertThat(o.error().kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(ran).containsExactly("identity", "session", "route", "policy");
  }

  @Test
  void aDispatchThatThrowsIsAnErrorAnswerNotALostCall() throws Exception {
    Outcome o = run(stages(new CopyOnWriteArrayList<>(), ex -> Future.succeededFuture(),
        ex -> Future.succeededFuture(), ex -> {
          throw new IllegalStateException("backend table changed under us");
        }), 3000);

    assertThat(o.result()).isNull();
    assertThat(o.error().kind()).isEqualTo(ErrorKind.INTERNAL);
    assertThat(o.millis()).isLessThan(2500); // answered at once, not at the deadline
  }
}
