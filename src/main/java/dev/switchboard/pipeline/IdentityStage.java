package dev.switchboard.pipeline;

import dev.switchboard.identity.IdentityProvider;
import io.vertx.core.Future;

/**
 * Pipeline stage: who is calling, from the tailnet (never from what the client says), set on the exchange.
 * It lives here, not in {@code identity}: identity sits below the pipeline, since every stage reads the
 * {@code Caller}.
 */
public final class IdentityStage implements Stage {
  private final IdentityProvider provider;

  public IdentityStage(IdentityProvider provider) {
    this.provider = provider;
  }

  @Override
  public Future<Void> apply(Exchange ex) {
    return provider.resolve(ex.http()).map(caller -> {
      ex.caller(caller);
      return null;
    });
  }
}
