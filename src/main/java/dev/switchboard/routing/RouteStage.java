package dev.switchboard.routing;

import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.Stage;
import io.vertx.core.Future;

/** Pipeline stage: the exposed name a call uses, resolved to its backend and that backend's own name. */
public final class RouteStage implements Stage {
  private final Router router;

  public RouteStage(Router router) {
    this.router = router;
  }

  @Override
  public Future<Void> apply(Exchange ex) {
    return router.route(ex);
  }
}
