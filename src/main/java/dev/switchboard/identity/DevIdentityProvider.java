package dev.switchboard.identity;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Map;

/**
 * One fixed local identity for trying the hub on one machine. Config validation refuses it on any
 * non-loopback listen address, so it can never vouch for a remote peer.
 */
public final class DevIdentityProvider implements IdentityProvider {
  private final String login;
  private final String displayName;

  public DevIdentityProvider(String login, String displayName) {
    this.login = login;
    this.displayName = displayName;
  }

  @Override
  public Future<Caller> resolve(HttpServerRequest request) {
    String address = request.remoteAddress() == null ? "" : request.remoteAddress().toString();
    return Future.succeededFuture(new Caller(login, displayName, "localhost", List.of(), List.of(), Map.of(), address,
        "dev"));
  }
}
