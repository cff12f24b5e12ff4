package dev.switchboard.transport;

import dev.switchboard.pipeline.EventStream;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.LegacySession;
import dev.switchboard.protocol.Era;
import dev.switchboard.protocol.JsonRpc;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.McpNames;
import dev.switchboard.protocol.MediaTypes;
import io.vertx.core.AsyncResult;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * Answers one POSTed request. Lazy SSE: the answer is a single {@code application/json} body unless
 * something must be streamed before it (a progress notification, say); then the response turns into a
 * {@code text/event-stream}. Legacy streams are logical session streams with event ids, so a broken
 * connection can be resumed; modern streams are plain, and closing one cancels the call.
 */
final class ResponseWriter {
  private final Exchange ex;
  private final HttpServerResponse response;
  private final boolean canStream;
  private final ClientDialect dialect;
  private SseChannel modernStream;
  private EventStream legacyStream;
  private boolean done;

  ResponseWriter(Exchange ex, HttpServerResponse response, boolean canStream, ClientDialect dialect) {
    this.ex = ex;
    this.response = response;
    this.canStream = canStream;
    this.dialect = dialect;
  }

  void notification(JsonObject notification) {
    if (done || !canStream) {
      return;
    }
    send(notification.copy().put("jsonrpc", "2.0"));
  }

  void finish(AsyncResult<JsonObject> outcome) {
    if (done) {
      return;
    }
    done = true;
    Era era = ex.era();
    Object id = ex.request().id();
    LegacySession session = ex.session();
    if (session != null) {
      session.untrackInFlight(id);
      if (McpNames.INITIALIZE.equals(ex.method()) && outcome.succeeded()) {
        response.putHeader(McpNames.HEADER_SESSION_ID, session.id());
      }
    }
    if (modernStream != null || legacyStream != null) {
      send(outcome.succeeded() ? result(id, era, outcome.result())
          : JsonRpc.error(id, McpError.of(outcome.cause()).toJsonRpc(era)));
      endStream(session);
    } else if (outcome.failed()) {
      ErrorWriter.write(response, McpError.of(outcome.cause()), era, id);
    } else if (!response.ended() && !response.closed()) {
      // 200 is the response's default status: not set again on every answer.
      response.putHeader(HttpHeaders.CONTENT_TYPE, MediaTypes.JSON_VALUE)
          .end(result(id, era, outcome.result()).toBuffer());
    }
  }

  private JsonObject result(Object id, Era era, JsonObject result) {
    return JsonRpc.result(id, dialect.shape(era, ex.method(), result));
  }

  private void send(JsonObject message) {
    String data = message.encode();
    if (ex.era() == Era.LEGACY && ex.session() != null) {
      if (legacyStream == null) {
        legacyStream = ex.session().openResponseStream();
        legacyStream.attach(SseChannel.open(response));
      }
      legacyStream.send(data);
    } else {
      if (modernStream == null) {
        modernStream = SseChannel.open(response, ex::cancel); // 2026-07-28: a closed stream cancels the call
      }
      modernStream.event(null, data);
    }
  }

  private void endStream(LegacySession session) {
    if (legacyStream != null) {
      legacyStream.finish();
      session.forgetStream(legacyStream);
    } else {
      modernStream.end();
    }
  }
}
