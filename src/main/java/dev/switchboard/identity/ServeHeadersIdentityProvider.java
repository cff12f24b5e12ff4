package dev.switchboard.identity;

import dev.switchboard.config.AddressRange;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * Identity from the headers a local {@code tailscale serve} sets after deleting any the client sent. They
 * are believed only when the TCP peer is one of the trusted proxy addresses; from anyone else they are
 * forgeries and the request is refused. Funnel (public internet) traffic and requests without a user are
 * refused too: the hub serves tailnet users only.
 */
public final class ServeHeadersIdentityProvider implements IdentityProvider {
  static final List<String> IDENTITY_HEADERS = List.of("Tailscale-User-Login", "Tailscale-User-Name",
      "Tailscale-User-Profile-Pic", "Tailscale-App-Capabilities", "Tailscale-Headers-Info");
  private final List<String> trustedProxies;
  private final List<AddressRange> trusted;

  /** @param trustedProxies addresses or CIDR ranges, checked at start-up ({@link AddressRange}) */
  public ServeHeadersIdentityProvider(List<String> trustedProxies) {
    this.trustedProxies = List.copyOf(trustedProxies);
    this.trusted = trustedProxies.stream().map(AddressRange::parse).toList();
  }

  private boolean trusts(String peer) {
    return AddressRange.literal(peer).map(a -> trusted.stream().anyMatch(r -> r.contains(a))).orElse(false);
  }

  @Override
  public Future<Caller> resolve(HttpServerRequest req) {
    try {
      return Future.succeededFuture(caller(req));
    } catch (McpError e) {
      return Future.failedFuture(e);
    }
  }

  private Caller caller(HttpServerRequest req) {
    String peer = req.remoteAddress().hostAddress();
    if (!trusts(peer)) {
      boolean spoofed = IDENTITY_HEADERS.stream().anyMatch(h -> req.getHeader(h) != null);
      throw refused(spoofed ? "Tailscale identity headers from " + peer + " are not trusted (only from "
          + trustedProxies + ")" : "requests must come through tailscale serve");
    }
    if (req.getHeader("Tailscale-Funnel-Request") != null) {
      throw refused("public (Funnel) traffic is not served; use the tailnet");
    }
    String login = Rfc2047.decode(req.getHeader("Tailscale-User-Login"));
    if (login == null || login.isBlank()) {
      throw refused("tailscale serve sent no user (tagged nodes need identity.mode: whois)");
    }
    String name = Rfc2047.decode(req.getHeader("Tailscale-User-Name"));
    String forwarded = req.getHeader("X-Forwarded-For");
    String address = forwarded != null ? forwarded.split(",")[0].trim() : peer;
    return new Caller(login, name == null ? login : name, "", List.of(), List.of(), capabilities(req), address, "serve");
  }

  private static Map<String, List<Object>> capabilities(HttpServerRequest req) {
    String header = Rfc2047.decode(req.getHeader("Tailscale-App-Capabilities"));
    if (header == null || header.isBlank()) {
      return Map.of();
    }
    try {
      return WhoIs.capabilities(new JsonObject(header));
    } catch (DecodeException e) {
      throw refused("Tailscale-App-Capabilities is not a JSON object");
    }
  }

  private static McpError refused(String why) {
    return new McpError(ErrorKind.IDENTITY_REFUSED, "Forbidden: " + why);
  }
}
