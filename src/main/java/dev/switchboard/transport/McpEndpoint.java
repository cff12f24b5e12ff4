package dev.switchboard.transport;

import dev.switchboard.pipeline.Deadline;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.LegacySession;
import dev.switchboard.pipeline.Pipeline;
import dev.switchboard.pipeline.UserQuota;
import dev.switchboard.protocol.Era;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.JsonRpc;
import dev.switchboard.protocol.JsonRpcMessage;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.McpNames;
import dev.switchboard.session.SessionRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * The client-facing MCP endpoint: one path, both eras. Edge checks first, then per HTTP method: POST
 * carries JSON-RPC messages into the pipeline; GET opens or resumes a legacy session's stream; DELETE
 * ends a legacy session. Every failure leaves through {@link ErrorWriter}.
 */
public final class McpEndpoint implements Handler<HttpServerRequest> {
  private static final System.Logger LOG = System.getLogger(McpEndpoint.class.getName());
  private final EdgeChecks edge;
  private final long maxBodyBytes;
  private final long requestTimeoutMillis;
  private final Pipeline pipeline;
  private final UserQuota streams;
  private volatile IdentityFailures identityRefused = (req, what, error) -> { };
  private final SessionRegistry sessions;
  private final ClientDialect dialect;
  private final ListenStreams listen;
  private final AccessLog access;

  public McpEndpoint(EdgeChecks edge, long maxBodyBytes, long requestTimeoutMillis, Pipeline pipeline,
      SessionRegistry sessions, ClientDialect dialect, ListenStreams listen, UserQuota streams, AccessLog access) {
    this.access = access;
    this.edge = edge;
    this.streams = streams;
    this.maxBodyBytes = maxBodyBytes;
    this.requestTimeoutMillis = requestTimeoutMillis;
    this.pipeline = pipeline;
    this.sessions = sessions;
    this.dialect = dialect;
    this.listen = listen;
  }

  @Override
  public void handle(HttpServerRequest req) {
    access.begin(req);
    try {
      edge.checkHostAndOrigin(req);
      HttpMethod m = req.method();
      if (m == HttpMethod.POST) {
        post(req);
      } else if (m == HttpMethod.GET) {
        openStream(req);
      } else if (m == HttpMethod.DELETE) {
        endSession(req);
      } else {
        throw new McpError(ErrorKind.METHOD_NOT_ALLOWED, "Method Not Allowed: use POST (GET and DELETE only with"
            + " a legacy Mcp-Session-Id)");
      }
    } catch (RuntimeException e) {
      fail(req, e, Era.MODERN, null);
    }
  }

  private void post(HttpServerRequest req) {
    EdgeChecks.checkContentType(req);
    EdgeChecks.Accepts accepts = EdgeChecks.accepts(req);
    Deadline deadline = Deadline.in(requestTimeoutMillis); // the body's, then the exchange's
    BodyReader.read(req, maxBodyBytes, deadline).onComplete(ar -> {
      if (ar.failed()) {
        deadline.cancel();
        req.response().putHeader("Connection", "close");
        fail(req, ar.cause(), Era.MODERN, null);
        return;
      }
      JsonObject object = null;
      JsonRpcMessage msg = null;
      try {
        object = JsonRpc.object(ar.result());
        msg = JsonRpc.classify(object);
        EraDetector.Decision d = EraDetector.detect(req.headers(), msg);
        if (msg.isRequest()) {
          request(req, msg, d, accepts, ar.result().length(), deadline);
        } else {
          deadline.cancel();
          notificationOrResponse(req, msg, d.era());
        }
      } catch (RuntimeException e) {
        deadline.cancel();
        if (msg == null) {
          endUnansweredRequest(req, object);
        }
        fail(req, e, Era.MODERN, msg != null ? msg.id()
            : object != null ? JsonRpc.idOf(object) : JsonRpc.idOfRefused(ar.result()));
      }
    });
  }

  /**
   * A legacy client's message with the id of a backend's request but neither result nor error is refused
   * (400); it still ends that request, with an error, so the backend's call does not wait for its deadline.
   */
  private void endUnansweredRequest(HttpServerRequest req, JsonObject object) {
    Object id = JsonRpc.idOf(object);
    if (id == null || object.containsKey("method") || req.getHeader(McpNames.HEADER_SESSION_ID) == null) {
      return;
    }
    withSession(req, "response").onSuccess(session -> session.answerClientRequest(id, object));
  }

  private void request(HttpServerRequest req, JsonRpcMessage msg, EraDetector.Decision d, EdgeChecks.Accepts accepts,
      int bodyBytes, Deadline deadline) {
    Exchange ex = new Exchange(msg, d.era(), d.protocolVersion(), req, deadline);
    access.exchange(req, ex);
    ex.bytesIn(bodyBytes);
    if (d.era() == Era.MODERN) {
      JsonObject meta = msg.meta();
      ex.client(meta.getJsonObject(McpNames.META_CLIENT_INFO), meta.getJsonObject(McpNames.META_CLIENT_CAPABILITIES));
      if (McpNames.LISTEN.equals(msg.method())) {
        deadline.cancel(); // a stream lives on; admission has its own bounds (identity's timeout)
        ListenStreams.Filter filter = ListenStreams.filterOf(ex, accepts);
        pipeline.admit(ex).onComplete(ar -> {
          if (ar.failed()) {
            noteIdentityFailure(req, McpNames.LISTEN, ar.cause());
            fail(req, ar.cause(), Era.MODERN, msg.id());
          } else {
            try {
              String who = ex.caller().principal();
              streams.acquire(who);
              listen.start(ex, filter, () -> streams.release(who));
            } catch (RuntimeException e) {
              fail(req, e, Era.MODERN, msg.id());
            }
          }
        });
        return;
      }
      // 2026-07-28: closing the response stream is the cancellation signal.
      req.response().closeHandler(v -> ex.cancel());
    }
    ResponseWriter writer = new ResponseWriter(ex, req.response(), accepts.sse(), dialect);
    ex.notificationSink(writer::notification);
    pipeline.run(ex).onComplete(writer::finish);
  }

  private void notificationOrResponse(HttpServerRequest req, JsonRpcMessage msg, Era era) {
    if (era == Era.MODERN) {
      if (msg.isResponse()) {
        throw new McpError(ErrorKind.INVALID_REQUEST,
            "Invalid Request: clients must not POST JSON-RPC responses in protocol 2026-07-28");
      }
      identified(req, msg.method()).onComplete(ar -> {
        if (ar.failed()) {
          fail(req, ar.cause(), Era.MODERN, null);
        } else {
          accepted(req);
        }
      });
      return;
    }
    withSession(req, msg.isResponse() ? "response" : msg.method()).onComplete(ar -> {
      if (ar.failed()) {
        fail(req, ar.cause(), Era.LEGACY, null);
        return;
      }
      if (msg.isNotification() && McpNames.CANCELLED.equals(msg.method())) {
        ar.result().cancel(msg.params().getValue("requestId"));
      } else if (msg.isResponse()) {
        ar.result().answerClientRequest(msg.id(), msg.raw());
      }
      accepted(req);
    });
  }

  private void openStream(HttpServerRequest req) {
    requireSessionHeader(req, "GET");
    if (!EdgeChecks.accepts(req).sse() || req.getHeader("Accept") == null) {
      throw new McpError(ErrorKind.NOT_ACCEPTABLE, "Not Acceptable: a GET stream needs Accept: text/event-stream");
    }
    withSession(req, "GET").onComplete(ar -> {
      if (ar.failed()) {
        fail(req, ar.cause(), Era.LEGACY, null);
        return;
      }
      String who = ar.result().caller().principal();
      try {
        streams.acquire(who);
      } catch (RuntimeException e) {
        fail(req, e, Era.LEGACY, null);
        return;
      }
      try {
        LegacyStreams.open(ar.result(), req, () -> streams.release(who));
      } catch (RuntimeException e) {
        streams.release(who);
        fail(req, e, Era.LEGACY, null);
      }
    });
  }

  private void endSession(HttpServerRequest req) {
    requireSessionHeader(req, "DELETE");
    withSession(req, "DELETE").onComplete(ar -> {
      if (ar.failed()) {
        fail(req, ar.cause(), Era.LEGACY, null);
        return;
      }
      sessions.end(ar.result(), "deleted");
      req.response().setStatusCode(204).end();
    });
  }

  private static void requireSessionHeader(HttpServerRequest req, String method) {
    if (req.getHeader(McpNames.HEADER_SESSION_ID) == null) {
      throw new McpError(ErrorKind.METHOD_NOT_ALLOWED, "Method Not Allowed: " + method
          + " needs the Mcp-Session-Id of a legacy session; protocol 2026-07-28 uses POST only");
    }
  }

  /**
   * The one way in for a legacy message that is no request (a GET stream, a DELETE, a notification or
   * response): the pipeline's identity and session stages, as for every call, so someone else's session id
   * is as good as unknown.
   */
  private Future<LegacySession> withSession(HttpServerRequest req, String what) {
    Exchange ex = new Exchange(JsonRpcMessage.clientAction(what), Era.LEGACY, req.getHeader(McpNames.KEY_PROTOCOL_VERSION),
        req, requestTimeoutMillis);
    access.exchange(req, ex);
    return pipeline.identify(ex).onFailure(e -> noteIdentityFailure(req, what, e)).map(v -> ex.session());
  }

  /** A 2026-07-28 message that is no request (none is defined over HTTP) passes identity all the same. */
  private Future<Void> identified(HttpServerRequest req, String what) {
    Exchange ex = new Exchange(JsonRpcMessage.clientAction(what), Era.MODERN, null, req, requestTimeoutMillis);
    access.exchange(req, ex);
    return pipeline.identify(ex).onFailure(e -> noteIdentityFailure(req, what, e));
  }

  /** Requests that never become an exchange (GET, DELETE, a listen refused at admission) are audited too. */
  private void noteIdentityFailure(HttpServerRequest req, String what, Throwable e) {
    McpError error = McpError.of(e);
    if (error.kind() == ErrorKind.IDENTITY_REFUSED || error.kind() == ErrorKind.IDENTITY_UNAVAILABLE) {
      identityRefused.accept(req, what, error);
    }
  }

  /** Told of each identity failure outside the pipeline: the client address, what was asked, and why. */
  public interface IdentityFailures {
    void accept(HttpServerRequest req, String what, McpError error);
  }

  public void onIdentityFailure(IdentityFailures listener) {
    this.identityRefused = listener;
  }

  private static void accepted(HttpServerRequest req) {
    req.response().setStatusCode(202).end();
  }

  private static void fail(HttpServerRequest req, Throwable t, Era era, Object id) {
    if (!(t instanceof McpError)) { // a bug: the client only learns "internal error", the operator must learn more
      LOG.log(System.Logger.Level.WARNING, "Unexpected failure of " + req.method() + " " + req.path(), t);
    }
    ErrorWriter.write(req.response(), McpError.of(t), era, id);
  }
}
