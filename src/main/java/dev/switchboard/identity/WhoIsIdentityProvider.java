package dev.switchboard.identity;

import io.vertx.core.Future;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Consumer;

/**
 * Identity from tailscaled: asks WhoIs once per client connection about the exact {@code ip:port} the hub
 * saw, and keeps the answer for the connection's lifetime (a new connection asks again, so a changed grant
 * is seen on the next connection). Failures are not kept, so a recovered tailscaled is asked again.
 */
public final class WhoIsIdentityProvider implements IdentityProvider {
  private final LocalApiClient localApi;
  // Weak keys: an entry lives as long as its connection, without claiming the connection's one close-handler
  // slot (which other parts of the hub may need).
  private final Map<HttpConnection, Future<Caller>> byConnection = Collections.synchronizedMap(new WeakHashMap<>());
  private final Consumer<Caller> onResolved;

  /** {@code onResolved} sees every fresh answer (the hub uses it to notice changed grants). */
  public WhoIsIdentityProvider(LocalApiClient localApi, Consumer<Caller> onResolved) {
    this.localApi = localApi;
    this.onResolved = onResolved;
  }

  @Override
  public String unavailable() {
    return localApi.unavailable();
  }

  @Override
  public Future<Caller> resolve(HttpServerRequest request) {
    HttpConnection connection = request.connection();
    Future<Caller> known = byConnection.get(connection);
    if (known != null) {
      return known;
    }
    String ip = request.remoteAddress().hostAddress();
    String peer = (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + request.remoteAddress().port(); // as tailscaled writes it
    Future<Caller> lookup = localApi.whois(peer).map(json -> WhoIs.toCaller(json, peer)).onSuccess(onResolved::accept);
    byConnection.put(connection, lookup);
    lookup.onFailure(e -> byConnection.remove(connection, lookup));
    return lookup;
  }
}
