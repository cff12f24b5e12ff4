package dev.switchboard.policy;

import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.Policy;
import dev.switchboard.pipeline.Stage;
import dev.switchboard.pipeline.Target;
import io.vertx.core.Future;

/**
 * Pipeline stage: may the caller use what the call names? After route (grants name tools, so the name is
 * resolved first); a target the caller may not use is answered exactly like an unknown one, and the
 * denial, with its reason, is left on the exchange for the audit trail.
 */
public final class PolicyStage implements Stage {
  private final Policy policy;

  public PolicyStage(Policy policy) {
    this.policy = policy;
  }

  @Override
  public Future<Void> apply(Exchange ex) {
    Target t = ex.target();
    if (t != null && !policy.allows(ex.caller(), t.backend(), t.kind(), t.exposedName())) {
      ex.deny(t.kind().word() + " '" + t.exposedName() + "' is not granted to " + ex.caller().principal());
      return Future.failedFuture(t.kind().unknown(t.exposedName()));
    }
    return Future.succeededFuture();
  }
}
