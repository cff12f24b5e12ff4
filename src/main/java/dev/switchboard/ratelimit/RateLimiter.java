package dev.switchboard.ratelimit;

import dev.switchboard.pipeline.Exchange;
import io.vertx.core.Future;

/** Admits or refuses one exchange before it is routed. Refusal is an McpError carrying the limit hit. */
public interface RateLimiter {
  Future<Void> admit(Exchange exchange);

  RateLimiter NONE = exchange -> Future.succeededFuture();
}
