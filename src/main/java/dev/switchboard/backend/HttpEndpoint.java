package dev.switchboard.backend;

import dev.switchboard.config.BackendConfig;
import dev.switchboard.protocol.MediaTypes;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
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
}
