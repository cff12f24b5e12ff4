package dev.switchboard.pipeline;

import io.vertx.core.Future;

/**
 * One step of the pipeline, one small named object per concern (identity, session, route, policy, rate
 * limit). It may enrich the exchange, or fail it with an McpError to stop the call.
 */
@FunctionalInterface
public interface Stage {
  Future<Void> apply(Exchange exchange);

  /** What the stage is called in logs and traces. */
  default String name() {
    return getClass().getSimpleName();
  }
}
