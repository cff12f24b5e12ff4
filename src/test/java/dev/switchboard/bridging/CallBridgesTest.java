package dev.switchboard.bridging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.backend.Backend;
import dev.switchboard.backend.BackendCall;
import dev.switchboard.backend.BackendInfo;
import dev.switchboard.identity.Caller;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.LegacySession;
import dev.switchboard.pipeline.Target;
import dev.switchboard.protocol.Era;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.JsonRpcMessage;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.Primitive;
import dev.switchboard.support.OnLoop;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The four ways a call crosses eras, each against an in-process backend that behaves as its era allows: a
 * 2025-era one asks for input mid-call, a 2026-07-28 one answers {@code input_required} with its own state.
 */
@Timeout(30)
class CallBridgesTest {
  private static final JsonObject ELICIT = new JsonObject().put("method", "elicitation/create")
      .put("params", new JsonObject().put("message", "Go ahead?").put("requestedSchema", new JsonObject()));
  private final Vertx vertx = Vertx.vertx();
  private final CallBridges bridges = new CallBridges(vertx, new RequestStates(60_000, System::currentTimeMillis));
  private final List<JsonObject> toClient = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void aModernClientAnswersALegacyBackendsMidCallRequestByRetryingAndTheWaitingCallGoesOn() throws Exception {
    Scripted backend = new Scripted(call -> call.askClient().apply(ELICIT).map(answer -> text(
        "answered " + answer.getJsonObject("result").getString("action"))));

    JsonObject first = run(() -> send(modern("alice", new JsonObject().put("name", "t")), Era.LEGACY, backend));
    assertThat(first.getString("resultType")).isEqualTo("input_required");
    String key = first.getJsonObject("inputRequests").fieldNames().iterator().next();
    assertThat(first.getJsonObject("inputRequests").getJsonObject(key).getString("method")).isEqualTo("elicitation/create");
    assertThat(first.getString("requestState")).doesNotContain(PausedCalls.PREFIX); // sealed, not the pause's id
    assertThat(bridges.waitingFor("b")).isEqualTo(1);

    JsonObject retry = new JsonObject().put("name", "t").put("requestState", first.getString("requestState"))
        .put("inputResponses", new JsonObject().put(key, new JsonObject().put("action", "accept")));
    JsonObject done = run(() -> send(modern("alice", retry), Era.LEGACY, backend));

    assertThat(done.getJsonArray("content").getJsonObject(0).getString("text")).isEqualTo("answered accept");
    assertThat(backend.calls).hasSize(1); // the retry went to the call that was waiting, not to a new one
    assertThat(bridges.waitingFor("b")).isZero();
  }

  @Test
  void aPausedCallCannotBeResumedByAnotherUser() throws Exception {
    Scripted backend = new Scripted(call -> call.askClient().apply(ELICIT).map(a -> text("done")));
    JsonObject first = run(() -> send(modern("alice", new JsonObject().put("name", "t")), Era.LEGACY, backend));

    JsonObject stolen = new JsonObject().put("name", "t").put("requestState", first.getString("requestState"))
        .put("inputResponses", new JsonObject());
    McpError refused = failure(() -> send(modern("mallory", stolen), Era.LEGACY, backend));

    assertThat(refused.kind()).isEqualTo(ErrorKind.REQUEST_STATE_NOT_FOUND);
    assertThat(bridges.waitingFor("b")).isEqualTo(1); // alice's call still waits for alice
  }

  @Test
  void aModernBackendsStateLeavesTheHubSealedAndComesBackToItByteForByte() throws Exception {
    Scripted backend = new Scripted(call -> Future.succeededFuture(call.params().containsKey("requestState")
        ? text("state " + call.params().getString("requestState") + ", answer "
            + call.params().getJsonObject("inputResponses").getJsonObject("q").getString("action"))
        : new JsonObject().put("resultType", "input_required").put("requestState", "opaque-1")
            .put("inputRequests", new JsonObject().put("q", ELICIT))));

    JsonObject first = run(() -> send(modern("alice", new JsonObject().put("name", "t")), Era.MODERN, backend));
    assertThat(first.getString("requestState")).isNotEqualTo("opaque-1").doesNotContain("opaque");
    assertThat(first.getJsonObject("inputRequests").getJsonObject("q")).isEqualTo(ELICIT);

    JsonObject retry = new JsonObject().put("name", "t").put("requestState", first.getString("requestState"))
        .put("inputResponses", new JsonObject().put("q", new JsonObject().put("action", "accept")));
    JsonObject done = run(() -> send(modern("alice", retry), Era.MODERN, backend));

    assertThat(done.getJsonArray("content").getJsonObject(0).getString("text")).isEqualTo("state opaque-1, answer accept");
    assertThat(bridges.waitingFor("b")).isZero(); // nothing was held open: the backend keeps its own state

    JsonObject stolen = retry.copy(); // the same token from another user: the backend never sees it
    McpError refused = failure(() -> send(modern("mallory", stolen), Era.MODERN, backend));
    assertThat(refused.kind()).isEqualTo(ErrorKind.REQUEST_STATE_NOT_FOUND);
    assertThat(backend.calls).hasSize(2);
  }

  @Test
  void aLegacyClientSeesOneCallWhileTheHubRunsAModernBackendsRoundsForIt() throws Exception {
    Scripted backend = new Scripted(call -> Future.succeededFuture(call.params().containsKey("inputResponses")
        ? text("answer " + call.params().getJsonObject("inputResponses").getJsonObject("q").getString("action")
            + " with " + call.params().getString("requestState"))
        : new JsonObject().put("resultType", "input_required").put("requestState", "opaque-2")
            .put("inputRequests", new JsonObject().put("q", ELICIT))));
    LegacySession session = session(new JsonObject().put("elicitation", new JsonObject()));
    answerEveryRequest(session, new JsonObject().put("action", "accept"));

    JsonObject done = run(() -> send(legacy(session), Era.MODERN, backend));

    assertThat(done.getJsonArray("content").getJsonObject(0).getString("text")).isEqualTo("answer accept with opaque-2");
    assertThat(toClient).singleElement().satisfies(r -> assertThat(r.getString("method")).isEqualTo("elicitation/create"));
  }

  @Test
  void aLegacyBackendsMidCallRequestReachesALegacyClientOnItsStreamAndTheAnswerGoesBack() throws Exception {
    Scripted backend = new Scripted(call -> call.askClient().apply(ELICIT).map(response -> text(
        "got " + response.getJsonObject("result").getString("action"))));
    LegacySession session = session(new JsonObject().put("elicitation", new JsonObject()));
    answerEveryRequest(session, new JsonObject().put("action", "decline"));

    JsonObject done = run(() -> send(legacy(session), Era.LEGACY, backend));

    assertThat(done.getJsonArray("content").getJsonObject(0).getString("text")).isEqualTo("got decline");
    assertThat(toClient.get(0).getString("id")).startsWith("switchboard-"); // under the hub's id, not the server's
  }

  /**
   * A backend's channel may hand over its messages on another thread than the exchange's loop (stdio readers, a
   * backend client on another loop): they reach the exchange on its own loop, in the order they came.
   */
  @Test
  void whatABackendSendsFromAnotherThreadReachesTheExchangeOnItsLoopInOrder() throws Exception {
    Scripted backend = new Scripted(call -> {
      io.vertx.core.Promise<JsonObject> answer = io.vertx.core.Promise.promise();
      new Thread(() -> {
        for (int i = 0; i < 3; i++) {
          call.notifications().accept(new JsonObject().put("method", "notifications/progress")
              .put("params", new JsonObject().put("progressToken", 1).put("progress", i)));
        }
        answer.complete(text("done"));
      }, "backend-reader").start();
      return answer.future();
    });
    List<String> seen = new CopyOnWriteArrayList<>();
    Thread[] loop = new Thread[1];
    Exchange ex = modern("alice", new JsonObject().put("name", "t"));
    ex.notificationSink(n -> seen.add(Thread.currentThread().getName() + " progress "
        + n.getJsonObject("params").getInteger("progress")));

    run(() -> {
      loop[0] = Thread.currentThread();
      return send(ex, Era.MODERN, backend).onSuccess(r -> seen.add(Thread.currentThread().getName() + " result"));
    });

    String on = loop[0].getName();
    assertThat(seen).containsExactly(on + " progress 0", on + " progress 1", on + " progress 2", on + " result");
  }

  /** The same for a call paused for input: a 2025-era backend asking from its reader thread. */
  @Test
  void aPausedCallsNotificationsAndInputRequestReachTheExchangeOnItsLoopInOrder() throws Exception {
    Scripted backend = new Scripted(call -> {
      io.vertx.core.Promise<JsonObject> answer = io.vertx.core.Promise.promise();
      new Thread(() -> {
        call.notifications().accept(new JsonObject().put("method", "notifications/progress")
            .put("params", new JsonObject().put("progressToken", 1).put("progress", 0)));
        call.askClient().apply(ELICIT).onComplete(a -> answer.complete(text("done")));
      }, "backend-reader").start();
      return answer.future();
    });
    List<String> seen = new CopyOnWriteArrayList<>();
    Thread[] loop = new Thread[1];
    Exchange ex = modern("alice", new JsonObject().put("name", "t"));
    ex.notificationSink(n -> seen.add(Thread.currentThread().getName() + " progress"));

    run(() -> {
      loop[0] = Thread.currentThread();
      return send(ex, Era.LEGACY, backend).onSuccess(r -> seen.add(Thread.currentThread().getName() + " "
          + r.getString("resultType")));
    });

    String on = loop[0].getName();
    assertThat(seen).containsExactly(on + " progress", on + " input_required");
  }

  @Test
  void aLegacyClientIsNotAskedForWhatItDidNotDeclare() throws Exception {
    Scripted backend = new Scripted(call -> Future.succeededFuture(new JsonObject().put("resultType", "input_required")
        .put("inputRequests", new JsonObject().put("q", ELICIT))));
    LegacySession session = session(new JsonObject()); // no elicitation capability

    McpError refused = failure(() -> send(legacy(session), Era.MODERN, backend));

    assertThat(refused.getMessage()).contains("did not declare the 'elicitation' capability");
    assertThat(toClient).isEmpty();
  }

  private Future<JsonObject> send(Exchange ex, Era backendEra, Backend backend) {
    return bridges.between(ex.era(), backendEra).send(ex, backend, ex.params().copy());
  }

  private Exchange modern(String login, JsonObject params) {
    Exchange ex = new Exchange(new JsonRpcMessage(JsonRpcMessage.Kind.REQUEST, 1, "tools/call", params, new JsonObject()),
        Era.MODERN, "2026-07-28", null, 10_000);
    ex.caller(caller(login));
    ex.target(new Target("b", Primitive.TOOL, "t", "b_t"));
    return ex;
  }

  private Exchange legacy(LegacySession session) {
    Exchange ex = new Exchange(new JsonRpcMessage(JsonRpcMessage.Kind.REQUEST, 1, "tools/call",
        new JsonObject().put("name", "t"), new JsonObject()), Era.LEGACY, "2025-11-25", null, 10_000);
    ex.caller(session.caller());
    ex.session(session);
    ex.client(session.clientInfo(), session.clientCapabilities());
    ex.target(new Target("b", Primitive.TOOL, "t", "b_t"));
    ex.notificationSink(toClient::add);
    return ex;
  }

  private LegacySession session(JsonObject capabilities) {
    return new LegacySession("s-1", "2025-11-25", new JsonObject(), capabilities, caller("alice"), 16, 0);
  }

  /** The client answers each request the hub sends it, as it would by POSTing a response into its session. */
  private void answerEveryRequest(LegacySession session, JsonObject result) {
    toClient.clear();
    vertx.setPeriodic(5, t -> toClient.forEach(r -> session.answerClientRequest(r.getValue("id"),
        new JsonObject().put("jsonrpc", "2.0").put("id", r.getValue("id")).put("result", result))));
  }

  private static Caller caller(String login) {
    return OnLoop.user(login);
  }

  private static JsonObject text(String text) {
    return new JsonObject().put("content", new JsonArray().add(new JsonObject().put("type", "text").put("text", text)));
  }

  private JsonObject run(Supplier<Future<JsonObject>> action) throws Exception {
    return OnLoop.run(vertx, action);
  }

  private McpError failure(Supplier<Future<JsonObject>> action) throws Exception {
    return OnLoop.failure(vertx, action);
  }

  /** A backend whose every call does what its script says, and which remembers the calls it got. */
  private static final class Scripted implements Backend {
    final List<BackendCall> calls = new CopyOnWriteArrayList<>();
    private final Function<BackendCall, Future<JsonObject>> script;

    Scripted(Function<BackendCall, Future<JsonObject>> script) {
      this.script = script;
    }

    @Override
    public String name() {
      return "b";
    }

    @Override
    public Future<BackendInfo> connect() {
      return Future.failedFuture("not used");
    }

    @Override
    public Future<JsonObject> call(BackendCall call) {
      calls.add(call);
      return script.apply(call);
    }

    @Override
    public Future<Void> close() {
      return Future.succeededFuture();
    }
  }
}
