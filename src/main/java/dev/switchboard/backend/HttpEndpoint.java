package dev.switchboard.backend;

import dev.switchboard.config.BackendConfig;
import dev.switchboard.protocol.McpNames;
import dev.switchboard.protocol.MediaTypes;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;

/** Where an HTTP backend is and what every request to it carries: its URL's parts, its configured headers. */
final class HttpEndpoint {
  private static final CharSequence ACCEPT_BOTH = HttpHeaders.createOptimized(MediaTypes.JSON + ", " + MediaTypes.SSE);
  private final BackendConfig config;
  private final String host;
  private final int port;
  private final String path;
  private final boolean ssl;

  HttpEndpoint(BackendConfig config) {
    this.config = config;
    URI u = URI.create(config.url()); // validated at start-up
    this.ssl = u.getScheme().equals("https");
    this.host = u.getHost();
    this.port = u.getPort() > 0 ? u.getPort() : (ssl ? 443 : 80);
    this.path = (u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath())
        + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
  }

  /** A request to the backend's URL; a POST says it sends JSON, and every request accepts JSON or a stream. */
  RequestOptions options(HttpMethod method) {
    RequestOptions o = new RequestOptions().setMethod(method).setHost(host).setPort(port).setURI(path).setSsl(ssl)
        .putHeader(HttpHeaders.ACCEPT, ACCEPT_BOTH);
    if (method == HttpMethod.POST) {
      o.putHeader(HttpHeaders.CONTENT_TYPE, MediaTypes.JSON_VALUE);
    }
    config.headers().forEach(o::putHeader);
    return o;
  }

  private static final java.util.regex.Pattern TRACEPARENT =
      java.util.regex.Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
  private static final java.util.regex.Pattern TRACESTATE = java.util.regex.Pattern.compile("[\\x20-\\x7e]{1,512}");

  /**
   * The call's trace context, carried in {@code params._meta}, goes in the W3C headers too — only when it is
   * one: with tracing off, what is there is the client's own, and a header is no place for a client's free text.
   */
  static void traceHeaders(JsonObject params, RequestOptions opts) {
    if (params.getValue(McpNames.META) instanceof JsonObject meta && meta.getValue("traceparent") instanceof String tp
        && TRACEPARENT.matcher(tp).matches()) {
      opts.putHeader("traceparent", tp);
      if (meta.getValue("tracestate") instanceof String ts && TRACESTATE.matcher(ts).matches()) {
        opts.putHeader("tracestate", ts);
      }
    }
  }
}
