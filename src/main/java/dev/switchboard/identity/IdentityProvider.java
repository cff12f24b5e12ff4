package dev.switchboard.identity;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;

/** Resolves the caller of one HTTP request. Fails with an McpError when identity cannot be established. */
public interface IdentityProvider {
  Future<Caller> resolve(HttpServerRequest request);
}
