package dev.switchboard.transport;

import dev.switchboard.config.ListenConfig;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.MediaTypes;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The DNS-rebinding defence and media-type rules of the HTTP edge. A request whose {@code Host} is not
 * one of ours, or whose {@code Origin} is present and not allowed, never reaches the pipeline.
 */
public final class EdgeChecks {
  private static final Accepts BOTH = new Accepts(true, true);
  /** Accept values seen so far, parsed: clients send the same one on every request. */
  private static final Map<String, Accepts> KNOWN_ACCEPTS = new ConcurrentHashMap<>();
  private final Set<String> allowedHosts = new HashSet<>();
  private final Set<String> allowedOrigins = new HashSet<>();
  private final boolean anyOrigin;
  private final Set<String> acceptedAuthorities = ConcurrentHashMap.newKeySet();

  public EdgeChecks(ListenConfig config) {
    allowedHosts.addAll(Set.of("localhost", "127.0.0.1", "::1", "[::1]"));
    allowedHosts.add(config.host().toLowerCase(Locale.ROOT));
    config.allowedHosts().forEach(h -> allowedHosts.add(h.toLowerCase(Locale.ROOT)));
    config.allowedOrigins().forEach(o -> allowedOrigins.add(o.toLowerCase(Locale.ROOT)));
    anyOrigin = allowedOrigins.contains("*");
  }

  public void checkHostAndOrigin(HttpServerRequest req) {
    // authority() is the Host header on HTTP/1.1 and :authority on HTTP/2 (h2c upgrades included).
    String host = req.authority() == null ? null : req.authority().toString();
    if (host == null) {
      throw new McpError(ErrorKind.FORBIDDEN_HOST, "Forbidden: the request names no Host");
    }
    if (req.headers().getAll(HttpHeaders.HOST).size() > 1) { // RFC 9112 3.2: never pick one of several
      throw new McpError(ErrorKind.INVALID_REQUEST, "Bad Request: more than one Host header");
    }
    if (!(acceptedAuthorities.contains(host) || hostAllowed(hostOnly(host), req))) {
      throw new McpError(ErrorKind.FORBIDDEN_HOST, "Forbidden: Host '" + host + "' is not served here"
          + " (add it to listen.allowedHosts)");
    }
    String origin = req.getHeader(HttpHeaders.ORIGIN);
    if (origin != null && !originAllowed(origin.toLowerCase(Locale.ROOT), host)) {
      throw new McpError(ErrorKind.FORBIDDEN_ORIGIN, "Forbidden: Origin '" + origin + "' is not allowed"
          + " (add it to listen.allowedOrigins)");
    }
  }

  private boolean hostAllowed(String host, HttpServerRequest req) {
    // The address the client actually connected to is always ours, whatever it is (e.g. the tailnet IP).
    boolean ok = allowedHosts.contains(host)
        || req.localAddress() != null && host.equals(req.localAddress().hostAddress());
    if (ok && acceptedAuthorities.size() < 1024) {
      acceptedAuthorities.add(req.authority().toString()); // a handful of names in practice; bounded anyway
    }
    return ok;
  }

  private boolean originAllowed(String origin, String host) {
    if (anyOrigin || allowedOrigins.contains(origin)) {
      return true;
    }
    try {
      URI u = new URI(origin);
      String authority = u.getRawAuthority();
      return authority != null && authority.equalsIgnoreCase(host) && allowedHosts.contains(hostOnly(authority));
    } catch (Exception e) {
      return false;
    }
  }

  static String hostOnly(String hostHeader) {
    String h = hostHeader.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end > 0 ? h.substring(0, end + 1) : h;
    }
    int colon = h.indexOf(':');
    return colon >= 0 && h.indexOf(':', colon + 1) < 0 ? h.substring(0, colon) : h;
  }

  /** POST bodies must be JSON. */
  public static void checkContentType(HttpServerRequest req) {
    String ct = req.getHeader(HttpHeaders.CONTENT_TYPE);
    if (!MediaTypes.is(ct, MediaTypes.JSON)) {
      throw new McpError(ErrorKind.UNSUPPORTED_MEDIA_TYPE,
          "Unsupported Media Type: Content-Type must be application/json, got '" + ct + "'");
    }
  }

  /** What a POST's Accept allows: JSON, SSE, or both. Neither is 406. A missing Accept accepts both. */
  public static Accepts accepts(HttpServerRequest req) {
    String accept = req.getHeader(HttpHeaders.ACCEPT);
    if (accept == null) {
      return BOTH;
    }
    Accepts known = KNOWN_ACCEPTS.get(accept);
    if (known != null) {
      return known;
    }
    Accepts parsed = parseAccept(accept);
    if (KNOWN_ACCEPTS.size() < 64) { // clients send one or two spellings; bounded against a flood of others
      KNOWN_ACCEPTS.put(accept, parsed);
    }
    return parsed;
  }

  private static Accepts parseAccept(String accept) {
    boolean json = false;
    boolean sse = false;
    for (String part : accept.toLowerCase(Locale.ROOT).split(",")) {
      String type = part.split(";")[0].trim();
      json |= type.equals("application/json") || type.equals("application/*") || type.equals("*/*");
      sse |= type.equals("text/event-stream") || type.equals("text/*") || type.equals("*/*");
    }
    if (!json && !sse) {
      throw new McpError(ErrorKind.NOT_ACCEPTABLE,
          "Not Acceptable: Accept must include application/json and text/event-stream");
    }
    return new Accepts(json, sse);
  }

  public record Accepts(boolean json, boolean sse) {}
}
