package dev.switchboard.pipeline;

import io.vertx.core.Future;

/** One step of the pipeline. It may enrich the exchange, or fail it with an McpError to stop the call. */
@FunctionalInterface
public interface Stage {
  Future<Void> apply(Exchange exchange);
}
