package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.backend.BackendPool;
import dev.switchboard.bridging.CallBridges;
import dev.switchboard.bridging.RequestStates;
import dev.switchboard.config.BackendConfig;
import dev.switchboard.config.RoutingConfig;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.Policy;
import dev.switchboard.pipeline.UserQuota;
import dev.switchboard.policy.PolicyStage;
import dev.switchboard.protocol.Era;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.JsonRpcMessage;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.Primitive;
import dev.switchboard.support.OnLoop;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Routing over a real catalog of two in-process backends (the built-in demo, twice): names resolve to their
 * backend and original name, what policy hides is as unknown as what does not exist, malformed params are
 * refused before any backend sees them, and a backend's concurrency cap refuses rather than queues.
 */
@Timeout(30)
class RouterTest {
  private final Vertx vertx = Vertx.vertx();
  /** Bob may use nothing of {@code other}; everyone else everything. */
  private final Policy policy = (caller, backend, kind, name) -> !(caller.login().equals("bob") && backend.equals("other"));
  private BackendPool pool;
  private CatalogService catalogs;
  private Router router;

  private void start(int maxConcurrent) throws Exception {
    pool = new BackendPool(vertx, List.of(builtin("demo", maxConcurrent), builtin("other", maxConcurrent)));
    catalogs = new CatalogService(vertx, pool, new RoutingConfig(null, null, null, null, null, null, null));
    run(() -> catalogs.start().map(new JsonObject()));
    router = new Router(catalogs, pool, policy, new CallBridges(vertx, new RequestStates(60_000,
        System::currentTimeMillis)), new UserQuota(8, "follows", "resources followed"));
  }

  @AfterEach
  void close() {
    if (catalogs != null) {
      catalogs.stop();
      pool.close().await();
    }
    vertx.close().await();
  }

  @Test
  void aPrefixedNameGoesToItsBackendUnderItsOriginalName() throws Exception {
    start(8);
    Exchange ex = call("alice", "tools/call", new JsonObject().put("name", "other__echo")
        .put("arguments", new JsonObject().put("message", "hi")));

    JsonObject result = run(() -> router.route(ex).compose(v -> router.forward(ex)));

    assertThat(ex.target().backend()).isEqualTo("other");
    assertThat(ex.target().originalName()).isEqualTo("echo");
    assertThat(ex.target().kind()).isEqualTo(Primitive.TOOL);
    assertThat(result.getJsonArray("content").getJsonObject(0).getString("text")).isEqualTo("hi");
  }

  @Test
  void aResourceIsRoutedByItsUriAndAPromptByItsName() throws Exception {
    start(8);
    Exchange read = call("alice", "resources/read", new JsonObject().put("uri", "switchboard://demo/about"));
    Exchange prompt = call("alice", "prompts/get", new JsonObject().put("name", "demo__greeting"));

    run(() -> router.route(read).compose(v -> router.route(prompt)).map(new JsonObject()));

    assertThat(read.target().kind()).isEqualTo(Primitive.RESOURCE);
    assertThat(prompt.target().backend()).isEqualTo("demo");
    assertThat(prompt.target().originalName()).isEqualTo("greeting");
  }

  @Test
  void whatAPolicyHidesIsRefusedInTheSameWordsAsWhatDoesNotExist() throws Exception {
    start(8);
    Exchange hidden = call("bob", "tools/call", new JsonObject().put("name", "other__echo"));
    Exchange missing = call("bob", "tools/call", new JsonObject().put("name", "other__nothing"));
    PolicyStage policyStage = new PolicyStage(policy); // the stage after route, as the hub lists them

    McpError refused = failure(() -> router.route(hidden).compose(v -> policyStage.apply(hidden))
        .map(new JsonObject()));
    McpError unknown = failure(() -> router.route(missing).compose(v -> policyStage.apply(missing))
        .map(new JsonObject()));

    assertThat(refused.kind()).isEqualTo(unknown.kind()).isEqualTo(ErrorKind.UNKNOWN_NAME);
    assertThat(refused.getMessage().replace("other__echo", "X"))
        .isEqualTo(unknown.getMessage().replace("other__nothing", "X"));
    assertThat(hidden.denial()).contains("not granted to bob"); // the trail knows why; the caller does not
  }

  @Test
  void malformedParamsAreRefusedBeforeAnyBackendSeesThem() throws Exception {
    start(8);
    McpError arguments = failure(() -> router.route(call("alice", "tools/call", new JsonObject()
        .put("name", "demo__echo").put("arguments", "not an object"))).map(new JsonObject()));
    McpError noName = failure(() -> router.route(call("alice", "tools/call", new JsonObject()
        .put("name", ""))).map(new JsonObject()));
    String longUri = "switchboard://demo/" + "a".repeat(9000);
    McpError uri = failure(() -> router.route(call("alice", "resources/read", new JsonObject()
        .put("uri", longUri))).map(new JsonObject()));

    assertThat(arguments.kind()).isEqualTo(ErrorKind.INVALID_PARAMS);
    assertThat(arguments.getMessage()).contains("'arguments' must be an object");
    assertThat(noName.getMessage()).contains("'name' must be a non-empty string");
    assertThat(uri.getMessage()).contains(longUri.length() + " characters long").contains("at most 8192");
  }

  @Test
  void aBackendAtItsConcurrencyCapRefusesAtOnceAndTakesCallsAgainWhenOneEnds() throws Exception {
    start(1);
    Exchange slow = call("alice", "tools/call", new JsonObject().put("name", "demo__wait")
        .put("arguments", new JsonObject().put("ms", 1500)));
    Exchange second = call("alice", "tools/call", new JsonObject().put("name", "demo__echo"));
    CompletableFuture<JsonObject> first = new CompletableFuture<>();
    // Both on one event loop, one after the other: the first call holds its place from the moment it is sent.
    McpError refused = failure(() -> {
      router.route(slow).compose(x -> router.forward(slow)).onComplete(ar -> first.complete(ar.result()));
      return router.route(second).compose(v -> router.forward(second));
    });

    assertThat(refused.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(((JsonObject) refused.data()).getString("limit")).isEqualTo("backend-concurrency:demo");
    assertThat(first.get(10, TimeUnit.SECONDS)).isNotNull();
    Exchange third = call("alice", "tools/call", new JsonObject().put("name", "demo__echo"));
    assertThat(run(() -> router.route(third).compose(v -> router.forward(third)))).isNotNull();
  }

  @Test
  void theClientsEnvelopeStaysBehindButItsOtherMetaGoesOn() {
    JsonObject meta = new JsonObject().put("io.modelcontextprotocol/protocolVersion", "2026-07-28")
        .put("io.modelcontextprotocol/clientCapabilities", new JsonObject())
        .put("io.modelcontextprotocol/clientInfo", new JsonObject()).put("progressToken", 7);
    JsonObject params = new JsonObject().put("name", "x").put("_meta", meta);

    JsonObject sent = Router.withoutEnvelope(params);

    assertThat(sent.getJsonObject("_meta").fieldNames()).containsExactly("progressToken");
    assertThat(params.getJsonObject("_meta").size()).as("the client's own message is not edited").isEqualTo(4);
    assertThat(Router.withoutEnvelope(new JsonObject().put("_meta", new JsonObject()
        .put("io.modelcontextprotocol/protocolVersion", "2026-07-28"))).containsKey("_meta")).isFalse();
  }

  private static BackendConfig builtin(String name, int maxConcurrent) {
    return new BackendConfig(name, BackendConfig.Type.BUILTIN, null, null, null, null, null, null, null, null, null,
        null, null, null, null, maxConcurrent, null);
  }

  private static Exchange call(String login, String method, JsonObject params) {
    Exchange ex = new Exchange(new JsonRpcMessage(JsonRpcMessage.Kind.REQUEST, 1, method, params, new JsonObject()),
        Era.MODERN, "2026-07-28", null, 10_000);
    ex.caller(OnLoop.user(login));
    return ex;
  }

  private JsonObject run(Supplier<Future<JsonObject>> action) throws Exception {
    return OnLoop.run(vertx, action);
  }

  private McpError failure(Supplier<Future<JsonObject>> action) throws Exception {
    return OnLoop.failure(vertx, action);
  }
}
