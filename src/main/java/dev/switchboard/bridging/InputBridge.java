package dev.switchboard.bridging;

import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.Futures;
import dev.switchboard.pipeline.LegacySession;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.JsonRpc;
import dev.switchboard.protocol.McpError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A 2026-07-28 backend asks for client input by answering {@code input_required} (multi round-trip
 * requests); a legacy client expects real server-to-client requests instead. For a legacy client this
 * sends each embedded input request on the call's response stream, collects the client's answers
 * (POSTed responses), and retries the backend call with {@code inputResponses} and the backend's opaque
 * {@code requestState} echoed byte for byte — up to {@value #MAX_ROUNDS} rounds.
 */
final class InputBridge {
  static final int MAX_ROUNDS = 10;
  private static final long STATE_ONLY_PACING_MS = 250;
  private static final AtomicLong IDS = new AtomicLong();
  private static final Map<String, String> CAPABILITY = Map.of(
      "sampling/createMessage", "sampling", "elicitation/create", "elicitation", "roots/list", "roots");

  private InputBridge() {}

  public static boolean needsInput(JsonObject result) {
    return "input_required".equals(result.getString("resultType"));
  }

  public static Future<JsonObject> resolve(Vertx vertx, Exchange ex, JsonObject params, JsonObject result,
      Function<JsonObject, Future<JsonObject>> retry, int round) {
    if (!needsInput(result)) {
      return Future.succeededFuture(result);
    }
    if (round >= MAX_ROUNDS) {
      return Future.failedFuture(new McpError(ErrorKind.BACKEND_ERROR,
          "Backend still needed client input after " + MAX_ROUNDS + " rounds; giving up"));
    }
    return Futures.attempt(() -> {
      JsonObject requests = inputRequests(ex, result);
      return requests.isEmpty() ? paced(vertx) : ask(ex, requests);
    }).compose(responses -> {
      JsonObject next = params.copy();
      if (!responses.isEmpty()) {
        next.put("inputResponses", responses);
      }
      if (result.getValue("requestState") instanceof String state) {
        next.put("requestState", state);
      }
      return retry.apply(next).compose(r -> resolve(vertx, ex, params, r, retry, round + 1));
    });
  }

  /**
   * What a 2026-07-28 backend asks the client for, checked for its shape before anything is sent: an object
   * of requests, each an object whose {@code params}, if any, are an object. Anything else is the backend's
   * error, said as such (it was a ClassCastException answered as an internal error).
   */
  private static JsonObject inputRequests(Exchange ex, JsonObject result) {
    Object value = result.getValue("inputRequests");
    if (value == null) {
      return new JsonObject();
    }
    String backend = ex.target() == null ? "the backend" : "Backend '" + ex.target().backend() + "'";
    if (!(value instanceof JsonObject requests)) {
      throw new McpError(ErrorKind.BACKEND_ERROR, backend + " asked for input, but its 'inputRequests' is not an"
          + " object");
    }
    for (String key : requests.fieldNames()) {
      if (!(requests.getValue(key) instanceof JsonObject request)
          || request.containsKey("params") && !(request.getValue("params") instanceof JsonObject)) {
        throw new McpError(ErrorKind.BACKEND_ERROR, backend + " asked for input, but its request '" + key
            + "' is not an object with object 'params'");
      }
    }
    return requests;
  }

  private static Future<JsonObject> paced(Vertx vertx) {
    Promise<JsonObject> p = Promise.promise();
    vertx.setTimer(STATE_ONLY_PACING_MS, t -> p.complete(new JsonObject()));
    return p.future();
  }

  /** Sends every embedded request to the client and gathers the bare results, keyed as the backend keyed them. */
  private static Future<JsonObject> ask(Exchange ex, JsonObject requests) {
    LegacySession session = ex.session();
    List<String> keys = new ArrayList<>(requests.fieldNames());
    List<Future<JsonObject>> results = new ArrayList<>();
    for (String key : keys) {
      JsonObject request = requests.getJsonObject(key);
      String method = request.getString("method", "");
      String capability = CAPABILITY.get(method);
      if (capability == null || !ex.clientCapabilities().containsKey(capability)) {
        return Future.failedFuture(new McpError(ErrorKind.BACKEND_ERROR, "Backend needs '" + method
            + "' from the client, but the client did not declare the '" + capability + "' capability"));
      }
      String id = "switchboard-" + IDS.incrementAndGet();
      Future<JsonObject> answer = session.expectClientResponse(id);
      ex.cancelled().onComplete(v -> session.forgetClientRequest(id));
      ex.notify(JsonRpc.request(id, method, request.getJsonObject("params", new JsonObject())));
      results.add(answer.compose(InputBridge::bareResult));
    }
    return Future.all(results).map(all -> {
      JsonObject responses = new JsonObject();
      for (int i = 0; i < keys.size(); i++) {
        responses.put(keys.get(i), results.get(i).result());
      }
      return responses;
    });
  }

  /**
   * Relays one request a 2025-era backend sent while working on the exchange's call to that call's client
   * (legacy clients: on the call's response stream, under an id of the hub's); completes with the client's
   * full JSON-RPC response.
   */
  public static Future<JsonObject> askClient(Exchange ex, JsonObject request) {
    String method = request.getString("method", "");
    LegacySession session = ex.session();
    if (session == null) {
      return Future.failedFuture(new McpError(ErrorKind.METHOD_NOT_FOUND, "The client of this call speaks 2026-07-28;"
          + " Switchboard cannot yet pause a 2025-era backend's call to ask it for " + method));
    }
    String capability = CAPABILITY.get(method);
    if (capability != null && !ex.clientCapabilities().containsKey(capability)) {
      return Future.failedFuture(new McpError(ErrorKind.METHOD_NOT_FOUND, "The client did not declare the '"
          + capability + "' capability that " + method + " needs"));
    }
    String id = "switchboard-" + IDS.incrementAndGet();
    Future<JsonObject> answer = session.expectClientResponse(id);
    ex.cancelled().onComplete(v -> session.forgetClientRequest(id));
    ex.notify(JsonRpc.request(id, method, request.getJsonObject("params", new JsonObject())));
    return answer;
  }

  private static Future<JsonObject> bareResult(JsonObject response) {
    if (response.getValue("result") instanceof JsonObject r) {
      return Future.succeededFuture(r);
    }
    Object reason = response.getValue("error") instanceof JsonObject e ? e.getValue("message") : null;
    return Future.failedFuture(new McpError(ErrorKind.BACKEND_ERROR, "The client refused the backend's request: "
        + (reason instanceof String s ? s : "no reason given")));
  }
}
