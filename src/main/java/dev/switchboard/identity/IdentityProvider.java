package dev.switchboard.identity;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;

/** Resolves the caller of one HTTP request. Fails with an McpError when identity cannot be established. */
public interface IdentityProvider {
  Future<Caller> resolve(HttpServerRequest request);

  /** Null while callers can be identified; otherwise why not, and since when (for /readyz). */
  default String unavailable() {
    return null;
  }
}
