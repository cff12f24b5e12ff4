package dev.switchboard.routing;

import dev.switchboard.backend.Backend;
import dev.switchboard.backend.BackendCall;
import dev.switchboard.backend.BackendPool;
import dev.switchboard.backend.BackendInfo;
import dev.switchboard.bridging.CallBridges;
import dev.switchboard.bridging.Follows;
import dev.switchboard.bridging.ResourceSubscriptions;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.Futures;
import dev.switchboard.pipeline.Policy;
import dev.switchboard.pipeline.Target;
import dev.switchboard.pipeline.UserQuota;
import dev.switchboard.protocol.Era;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.McpNames;
import dev.switchboard.protocol.Meta;
import dev.switchboard.protocol.ParamHeaders;
import dev.switchboard.protocol.Primitive;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/**
 * Resolves the name in a call to its backend ({@link #route}), hides what policy denies ({@link #authorize}),
 * and forwards the call with the backend's own name ({@link #forward}).
 */
public final class Router {
  private final CatalogService catalogs;
  private final BackendPool pool;
  private final Policy policy;
  private final CallBridges bridges;
  private final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> inFlight =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final Follows follows;
  private static final Function<JsonObject, Future<JsonObject>> NOT_DURING_SUBSCRIPTION = r -> Future.failedFuture(
      new McpError(ErrorKind.METHOD_NOT_FOUND, "not during a subscription"));

  public Router(CatalogService catalogs, BackendPool pool, Policy policy, CallBridges bridges, UserQuota follows) {
    this.follows = new Follows(follows);
    this.bridges = bridges;
    this.catalogs = catalogs;
    this.pool = pool;
    this.policy = policy;
  }

  /** The route stage's work ({@link RouteStage}): sets the target of calls that name a tool, prompt or resource. */
  public Future<Void> route(Exchange ex) {
    Catalog catalog = catalogs.current();
    JsonObject p = ex.params();
    Catalog down = catalogs.downCatalog();
    if (McpNames.TOOLS_CALL.equals(ex.method()) || McpNames.PROMPTS_GET.equals(ex.method())) {
      requireObjectIfPresent(p, "arguments");
    }
    requireObjectIfPresent(p, "inputResponses");
    requireObjectIfPresent(p, McpNames.META); // 2026-07-28 requests were checked at the edge; legacy ones here
    Target target = switch (ex.method()) {
      case McpNames.TOOLS_CALL -> catalog.tool(requireString(p, "name")).map(e -> checkMirrored(ex, e))
          .orElseThrow(() -> unknownOrDown(ex, down.tool(p.getString("name")).map(Catalog.Entry::target),
              Primitive.TOOL, p.getString("name")));
      case McpNames.PROMPTS_GET -> catalog.prompt(requireString(p, "name")).map(Catalog.Entry::target)
          .orElseThrow(() -> unknownOrDown(ex, down.prompt(p.getString("name")).map(Catalog.Entry::target),
              Primitive.PROMPT, p.getString("name")));
      case McpNames.RESOURCES_READ, McpNames.RESOURCES_SUBSCRIBE, McpNames.RESOURCES_UNSUBSCRIBE ->
          catalog.resource(requireUri(p)).orElseThrow(() -> unknownOrDown(ex, down.resource(p.getString("uri")),
              Primitive.RESOURCE, p.getString("uri")));
      case McpNames.COMPLETE -> completionTarget(catalog, p);
      default -> null;
    };
    ex.target(target);
    return Future.succeededFuture();
  }

  /**
   * Sends the call to its target's backend, at most {@code maxConcurrent} at a time per backend — calls
   * paused for a client's input included, as each holds its backend call open: beyond that a call is
   * refused at once (429, retry shortly), never queued without bound.
   */
  public Future<JsonObject> forward(Exchange ex) {
    Target t = ex.target();
    Backend backend = pool.get(t.backend()).orElseThrow(() -> new McpError(ErrorKind.BACKEND_UNAVAILABLE,
        "Backend '" + t.backend() + "' is not available"));
    int max = pool.config(t.backend()).maxConcurrent();
    java.util.concurrent.atomic.AtomicInteger running = inFlight.computeIfAbsent(t.backend(),
        b -> new java.util.concurrent.atomic.AtomicInteger());
    // A retry that resumes a waiting call takes that call's place rather than one more.
    int resumed = ex.params().containsKey("requestState") ? 1 : 0;
    if (running.incrementAndGet() + bridges.waitingFor(t.backend()) - resumed > max) {
      running.decrementAndGet();
      return Future.failedFuture(new McpError(ErrorKind.RATE_LIMITED, "Backend '" + t.backend() + "' is at its limit of "
          + max + " concurrent calls; retry shortly", new JsonObject().put("limit", "backend-concurrency:" + t.backend())
          .put("retryAfterMs", 1000)));
    }
    return Futures.attempt(() -> send(ex, t, backend)).andThen(ar -> running.decrementAndGet());
  }

  private Future<JsonObject> send(Exchange ex, Target t, Backend backend) {
    Era backendEra = catalogs.current().info(t.backend()).map(BackendInfo::era).orElse(Era.LEGACY);
    if (isSubscription(ex.method()) && ex.session() != null
        && (backend.followsResources() || backendEra == Era.MODERN)) {
      return ResourceSubscriptions.bridge(ex, backend, follows, new BackendCall(ex.method(), ex.params(), ex.caller(),
          ex.remainingMillis(), ex::notify, ex.cancelled(), ex.clientCapabilities(), NOT_DURING_SUBSCRIPTION,
          ex.session().id()), t.originalName());
    }
    JsonObject params = withoutEnvelope(ex.params());
    switch (ex.method()) {
      case McpNames.TOOLS_CALL, McpNames.PROMPTS_GET -> params.put("name", t.originalName());
      case McpNames.COMPLETE -> params.put("ref", params.getJsonObject("ref").copy().put("name", t.originalName()));
      default -> { }
    }
    return bridges.between(ex.era(), backendEra).send(ex, backend, params);
  }

  /**
   * Follows a resource for a 2026-07-28 listening client: the URI must name a resource the caller may
   * read; its backend's updates (a listen stream, or resources/subscribe in the caller's channel) go to
   * {@code updated}.
   */
  public Future<Runnable> follow(Exchange ex, String uri, java.util.function.Consumer<JsonObject> updated) {
    // The cap first: a listen filter may name far more URIs than a user may follow, each looked up below.
    return follows.hold(ex.caller().principal(), () -> subscribe(ex, uri, updated));
  }

  private Future<Runnable> subscribe(Exchange ex, String uri, java.util.function.Consumer<JsonObject> updated) {
    Target t = catalogs.current().resource(uri).orElse(null);
    if (t == null || !policy.allows(ex.caller(), t.backend(), t.kind(), t.exposedName())) {
      return Future.failedFuture(Primitive.RESOURCE.unknown(uri));
    }
    Backend backend = pool.get(t.backend()).orElse(null);
    if (backend == null) {
      return Future.failedFuture(Primitive.RESOURCE.unknown(uri));
    }
    BackendCall call = new BackendCall(McpNames.RESOURCES_SUBSCRIBE, new JsonObject().put("uri", t.originalName()),
        ex.caller(), ex.remainingMillis(), n -> { }, io.vertx.core.Promise.<Void>promise().future(),
        ex.clientCapabilities(), NOT_DURING_SUBSCRIPTION, null);
    return backend.subscribe(call, t.originalName(), updated);
  }

  /**
   * A 2026-07-28 call over HTTP to a tool with mirrored parameters: its {@code Mcp-Param-*} headers must agree with
   * its arguments (400, -32020 otherwise), as the transport requires of a server that reads the body — a proxy in
   * front may have routed on the headers while the backend acts on the body. Only for a caller who may use the
   * tool: to anyone else it stays unknown, which the policy stage says.
   */
  private Target checkMirrored(Exchange ex, Catalog.Entry entry) {
    Target t = entry.target();
    if (!entry.mirrored().isEmpty() && ex.era() == Era.MODERN && ex.http() != null && ex.caller() != null
        && policy.allows(ex.caller(), t.backend(), t.kind(), t.exposedName())) {
      String mismatch = ParamHeaders.mismatch(entry.mirrored(), ex.params().getValue("arguments"),
          name -> ex.http().headers().getAll(name));
      if (mismatch != null) {
        throw new McpError(ErrorKind.HEADER_MISMATCH, "Header mismatch: " + mismatch);
      }
    }
    return t;
  }

  private static boolean isSubscription(String method) {
    return McpNames.RESOURCES_SUBSCRIBE.equals(method) || McpNames.RESOURCES_UNSUBSCRIBE.equals(method);
  }

  private Target completionTarget(Catalog catalog, JsonObject p) {
    JsonObject ref = p.getValue("ref") instanceof JsonObject r ? r : null;
    if (ref == null) {
      throw new McpError(ErrorKind.INVALID_PARAMS, "Invalid params: 'ref' must be an object");
    }
    if ("ref/prompt".equals(ref.getString("type"))) {
      return catalog.prompt(requireString(ref, "name")).map(Catalog.Entry::target)
          .orElseThrow(() -> Primitive.PROMPT.unknown(ref.getString("name")));
    }
    if ("ref/resource".equals(ref.getString("type"))) {
      String uri = requireUri(ref);
      return catalog.templates().stream().filter(e -> e.target().originalName().equals(uri)).findFirst()
          .map(Catalog.Entry::target).or(() -> catalog.resource(uri))
          .orElseThrow(() -> Primitive.RESOURCE.unknown(uri));
    }
    throw new McpError(ErrorKind.INVALID_PARAMS, "Invalid params: ref.type must be ref/prompt or ref/resource");
  }

  /**
   * Params as the backend should see them: the client's own envelope keys removed (the backend gets the hub's),
   * but its log level kept: a 2026-07-28 backend sends a request's log messages only when it names one.
   */
  static JsonObject withoutEnvelope(JsonObject params) {
    return Meta.edited(params, meta -> {
      meta.remove(McpNames.META_PROTOCOL_VERSION);
      meta.remove(McpNames.META_CLIENT_CAPABILITIES);
      meta.remove(McpNames.META_CLIENT_INFO);
    });
  }

  /**
   * A call's {@code arguments}, a retry's {@code inputResponses} and any request's {@code _meta}, when
   * present, must be objects: backends
   * are not all as careful, and one handed a string where it reads an object fails with an internal error.
   * Checked without reading inside them: they pass on as received.
   */
  private static void requireObjectIfPresent(JsonObject p, String key) {
    if (p.containsKey(key) && !(p.getValue(key) instanceof JsonObject)) {
      throw new McpError(ErrorKind.INVALID_PARAMS, "Invalid params: '" + key + "' must be an object");
    }
  }

  /** A resource URI, at most {@link Catalog#MAX_URI_CHARS} long: longer ones are matched against nothing. */
  private static String requireUri(JsonObject p) {
    String uri = requireString(p, "uri");
    if (uri.length() > Catalog.MAX_URI_CHARS) {
      throw new McpError(ErrorKind.INVALID_PARAMS, "Invalid params: 'uri' is " + uri.length()
          + " characters long; the hub routes URIs of at most " + Catalog.MAX_URI_CHARS);
    }
    return uri;
  }

  private static String requireString(JsonObject p, String key) {
    if (!(p.getValue(key) instanceof String s) || s.isEmpty()) {
      throw new McpError(ErrorKind.INVALID_PARAMS, "Invalid params: '" + key + "' must be a non-empty string");
    }
    return s;
  }

  /**
   * A name that belongs to a backend whose circuit is open gets "backend down" — but only for a caller who
   * may use it; to anyone else it stays as unknown as any name they are not granted.
   */
  private McpError unknownOrDown(Exchange ex, java.util.Optional<Target> hidden, Primitive what, String name) {
    if (hidden.isPresent() && ex.caller() != null
        && policy.allows(ex.caller(), hidden.get().backend(), hidden.get().kind(), hidden.get().exposedName())) {
      ex.target(hidden.get()); // the refusal concerns that backend: metrics and the trail name it
      return new McpError(ErrorKind.BACKEND_UNAVAILABLE, "Backend '" + hidden.get().backend() + "' is down; its "
          + what.word() + " '" + name + "' is back when the backend answers again");
    }
    return what.unknown(name);
  }
}
