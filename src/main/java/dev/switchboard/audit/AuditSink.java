package dev.switchboard.audit;

import dev.switchboard.pipeline.Exchange;
import io.vertx.core.Future;

/**
 * Receives every finished exchange. The returned future gates the client's response, so a durable sink
 * can hold the answer until its record is written.
 */
public interface AuditSink {
  Future<Void> record(Exchange exchange);

  AuditSink NONE = exchange -> Future.succeededFuture();
}
