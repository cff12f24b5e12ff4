package dev.switchboard.pipeline;

import dev.switchboard.pipeline.Exchange;
import dev.switchboard.protocol.McpError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Receives every finished exchange. The returned future gates the client's response, so a durable sink
 * holds the answer until its record is written, and a failed write turns the answer into an error.
 */
public interface AuditSink {
  /** Records the exchange; {@code result} is the call's result, or null when it failed. */
  Future<Void> record(Exchange exchange, JsonObject result);

  /** Why no new call may start now (the trail cannot be written and the hub fails closed), or null. */
  default McpError refusal() {
    return null;
  }

  AuditSink NONE = (exchange, result) -> Future.succeededFuture();
}
