package dev.switchboard.backend;

import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.JsonRpc;
import dev.switchboard.protocol.LazyJson;
import dev.switchboard.protocol.McpNames;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.MediaTypes;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One POST of a JSON-RPC message to a streamable-HTTP backend, and its answer: a JSON body, or an SSE
 * stream whose notifications and server-to-client requests are handed on as they arrive until the
 * response with our id. Bounded in time (reset on deadline or cancellation) and in size.
 */
final class BackendPost {
  static final int MAX_BODY_BYTES = 32 * 1024 * 1024;

  /**
   * Calls whose answers go to the one client that asked, and nowhere else: decoded lazily, so what the hub
   * does not read in them is passed on as received (lists, by contrast, are kept in the shared catalog).
   */
  private static final Set<String> PASSED_ON = Set.of(McpNames.TOOLS_CALL, McpNames.PROMPTS_GET,
      McpNames.RESOURCES_READ);

  /** The backend's answer: the JSON-RPC response (null for 202) and the HTTP headers it came with. */
  record Reply(int status, JsonObject message, MultiMap headers) {}

  /** A non-2xx answer; the body is kept when it was a JSON-RPC message, for era probing. */
  static final class HttpStatusException extends RuntimeException {
    final int status;
    final JsonObject body;

    HttpStatusException(String backend, int status, JsonObject body) {
      super("backend '" + backend + "' answered HTTP " + status, null, false, false);
      this.status = status;
      this.body = body;
    }
  }

  private BackendPost() {}

  /** Sends one message; {@code timeoutMillis} 0 means the caller's cancellation is the only deadline. */
  static Future<Reply> send(Vertx vertx, HttpClient client, String backend, RequestOptions options, JsonObject message,
      long timeoutMillis, Future<Void> cancelled, Consumer<JsonObject> onStreamed) {
    Promise<Reply> reply = Promise.promise();
    Object id = message.getValue("id");
    boolean passedOn = message.getValue("method") instanceof String method && PASSED_ON.contains(method);
    client.request(options).onComplete(ar -> {
      if (ar.failed()) {
        reply.tryFail(unavailable(backend, ar.cause()));
        return;
      }
      HttpClientRequest req = ar.result();
      // A reset of our own (deadline, cancellation) also fails the request; with no handler Vert.x would
      // log every cancelled call as an error.
      req.exceptionHandler(e -> reply.tryFail(unavailable(backend, e)));
      if (timeoutMillis > 0) {
        long timer = vertx.setTimer(timeoutMillis, t -> {
          if (reply.tryFail(new McpError(ErrorKind.BACKEND_TIMEOUT,
              "Backend '" + backend + "' did not answer within " + timeoutMillis + " ms"))) {
            req.reset();
          }
        });
        reply.future().onComplete(done -> vertx.cancelTimer(timer));
      }
      cancelled.onComplete(v -> {
        if (reply.tryFail(new McpError(ErrorKind.CANCELLED, "Request cancelled"))) {
          req.reset();
        }
      });
      req.send(message.toBuffer()).onComplete(resp -> {
        if (resp.failed()) {
          reply.tryFail(unavailable(backend, resp.cause()));
        } else {
          read(backend, resp.result(), id, passedOn, reply, onStreamed);
        }
      });
    });
    return reply.future();
  }

  /**
   * Opens a 2026-07-28 {@code subscriptions/listen} stream: completes with a closer once the backend
   * acknowledges (within {@code ackTimeoutMillis}); every later notification goes to {@code sink}.
   */
  static Future<Runnable> listen(Vertx vertx, BackendClients clients, String backend, RequestOptions options,
      JsonObject message, long ackTimeoutMillis, Consumer<JsonObject> sink) {
    Promise<Runnable> acked = Promise.promise();
    clients.openStream(options).onComplete(ar -> {
      if (ar.failed()) {
        acked.tryFail(ar.cause());
        return;
      }
      HttpClientRequest req = ar.result();
      req.exceptionHandler(e -> acked.tryFail(unavailable(backend, e))); // closing is a reset: see send
      Runnable close = () -> req.reset();
      long timer = vertx.setTimer(Math.max(1, ackTimeoutMillis), t -> {
        if (acked.tryFail(new McpError(ErrorKind.BACKEND_TIMEOUT, "Backend '" + backend
            + "' did not acknowledge subscriptions/listen within " + ackTimeoutMillis + " ms"))) {
          req.reset();
        }
      });
      req.send(message.toBuffer()).onComplete(resp -> {
        if (resp.failed()) {
          acked.tryFail(unavailable(backend, resp.cause()));
          return;
        }
        HttpClientResponse r = resp.result();
        if (r.statusCode() != 200) {
          acked.tryFail(new HttpStatusException(backend, r.statusCode(), null));
          req.reset();
          return;
        }
        onJsonEvents(r, m -> {
          if (m.containsKey("error")) {
            acked.tryFail(McpError.fromBackend(m.getValue("error")));
          } else if ("notifications/subscriptions/acknowledged".equals(m.getString("method"))) {
            acked.tryComplete(close);
          } else if (m.containsKey("method")) {
            sink.accept(m);
          }
        }, tooLarge -> acked.tryFail(new McpError(ErrorKind.BACKEND_ERROR, "Backend '" + backend + "': " + tooLarge)));
        r.endHandler(v -> acked.tryFail(new McpError(ErrorKind.BACKEND_ERROR,
            "Backend '" + backend + "' closed subscriptions/listen before acknowledging")));
      });
      acked.future().onComplete(x -> vertx.cancelTimer(timer));
    });
    return acked.future();
  }

  private static void read(String backend, HttpClientResponse resp, Object id, boolean passedOn, Promise<Reply> reply,
      Consumer<JsonObject> onStreamed) {
    if (resp.statusCode() == 202 || resp.statusCode() == 204) {
      reply.tryComplete(new Reply(resp.statusCode(), null, resp.headers()));
      resp.end();
      return;
    }
    if (resp.statusCode() == 200 && MediaTypes.is(resp.getHeader(HttpHeaders.CONTENT_TYPE), MediaTypes.SSE)) {
      readStream(backend, resp, id, reply, onStreamed);
      return;
    }
    Buffer acc = Buffer.buffer();
    resp.handler(chunk -> {
      if (acc.length() + chunk.length() > MAX_BODY_BYTES) {
        reply.tryFail(new McpError(ErrorKind.BACKEND_ERROR, "Backend '" + backend + "' answered too large a body"));
        resp.request().reset();
      } else {
        acc.appendBuffer(chunk);
      }
    });
    resp.exceptionHandler(e -> reply.tryFail(unavailable(backend, e)));
    resp.endHandler(v -> {
      JsonObject body = parse(acc, passedOn);
      if (resp.statusCode() / 100 != 2) {
        reply.tryFail(new HttpStatusException(backend, resp.statusCode(), body));
      } else if (body == null) {
        reply.tryFail(new McpError(ErrorKind.BACKEND_ERROR, "Backend '" + backend + "' answered a body that is not JSON"));
      } else {
        reply.tryComplete(new Reply(resp.statusCode(), body, resp.headers()));
      }
    });
  }

  private static void readStream(String backend, HttpClientResponse resp, Object id, Promise<Reply> reply,
      Consumer<JsonObject> onStreamed) {
    onJsonEvents(resp, m -> {
      if (JsonRpc.sameId(id, m.getValue("id")) && (m.containsKey("result") || m.containsKey("error"))) {
        reply.tryComplete(new Reply(200, m, resp.headers()));
        resp.request().reset(); // we have our answer; do not hold the stream open
      } else {
        onStreamed.accept(m);
      }
    }, tooLarge -> reply.tryFail(new McpError(ErrorKind.BACKEND_ERROR, "Backend '" + backend + "': " + tooLarge)));
    resp.exceptionHandler(e -> reply.tryFail(unavailable(backend, e)));
    resp.endHandler(v -> reply.tryFail(new McpError(ErrorKind.BACKEND_ERROR,
        "Backend '" + backend + "' closed its stream without answering")));
  }

  /**
   * Reads an SSE response as JSON-RPC messages, in order. Events that are not JSON (an empty priming
   * event, say) carry nothing to relay and are skipped; an oversized event resets the stream.
   */
  private static void onJsonEvents(HttpClientResponse resp, Consumer<JsonObject> onMessage, Consumer<String> onTooLarge) {
    SseParser parser = new SseParser(MAX_BODY_BYTES, event -> {
      JsonObject m = parse(Buffer.buffer(event.data()));
      if (m != null) {
        onMessage.accept(m);
      }
    });
    resp.handler(chunk -> {
      try {
        parser.feed(chunk);
      } catch (IllegalStateException e) {
        onTooLarge.accept(e.getMessage());
        resp.request().reset();
      }
    });
  }


  private static JsonObject parse(Buffer b) {
    return parse(b, false);
  }

  /**
   * The JSON-RPC object in a body, or null when it holds none. {@code lazily} for an answer that goes to one
   * caller: what the hub does not read in it is passed on as received.
   */
  private static JsonObject parse(Buffer b, boolean lazily) {
    try {
      Object value = b.length() == 0 ? null : lazily ? LazyJson.decode(b) : Json.decodeValue(b);
      return value instanceof JsonObject o ? o : null;
    } catch (DecodeException e) {
      return null;
    }
  }

  static McpError unavailable(String backend, Throwable cause) {
    return new McpError(ErrorKind.BACKEND_UNAVAILABLE, "Backend '" + backend + "' is unavailable: "
        + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()));
  }
}
