package dev.switchboard.transport;

import dev.switchboard.pipeline.Exchange;
import dev.switchboard.protocol.McpNames;
import io.vertx.core.http.HttpServerRequest;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The optional access log ({@code logging.access}): one line per HTTP exchange on the MCP endpoint when its
 * response ends, under the logger {@code switchboard.access}. The line reads on its own in text logs
 * ({@code POST 200 tools/call github__search 12.4 ms user=alice@example.com backend=github outcome=ok}); in JSON
 * logs every field is a key of its own (SLF4J key-value pairs: the JSON encoder's {@code kvpList}), the trace id
 * among them when tracing is on. A stream the client closes before it ends has no line.
 */
public final class AccessLog {
  private static final Logger LOG = LoggerFactory.getLogger("switchboard.access");
  public static final AccessLog OFF = new AccessLog(false);
  private final boolean on;

  public AccessLog(boolean on) {
    this.on = on;
  }

  /** A request arrived: its line is written when its response ends, with what is known of it by then. */
  void begin(HttpServerRequest req) {
    if (on) {
      long start = System.nanoTime();
      req.response().endHandler(v -> write(req, null, System.nanoTime() - start));
    }
  }

  /** The request became an exchange: its line says what the exchange was and how it ended. */
  void exchange(HttpServerRequest req, Exchange ex) {
    if (on) {
      long age = ex.ageNanos();
      long start = System.nanoTime() - age;
      req.response().endHandler(v -> write(req, ex, System.nanoTime() - start));
    }
  }

  private static void write(HttpServerRequest req, Exchange ex, long nanos) {
    int status = req.response().getStatusCode();
    double ms = Math.round(nanos / 100_000.0) / 10.0;
    LoggingEventBuilder line = LOG.atInfo().addKeyValue("httpMethod", req.method().name())
        .addKeyValue("status", status).addKeyValue("durationMs", ms)
        .addKeyValue("remote", req.remoteAddress() == null ? null : req.remoteAddress().hostAddress());
    if (ex == null) {
      line.log("{} {} {} ms", req.method().name(), status, ms);
      return;
    }
    String name = ex.target() != null ? ex.target().exposedName() : null;
    String user = ex.caller() != null ? ex.caller().principal() : null;
    String backend = ex.target() != null ? ex.target().backend() : null;
    String outcome = ex.outcome().name().toLowerCase(Locale.ROOT);
    String traceId = ex.span().traceId();
    String method = McpNames.bounded(ex.method()); // a client's own text would be a line break away from a forged line
    line.addKeyValue("era", ex.era().label()).addKeyValue("method", method).addKeyValue("name", name)
        .addKeyValue("user", user).addKeyValue("backend", backend).addKeyValue("outcome", outcome);
    if (!traceId.isEmpty()) {
      line.addKeyValue("traceId", traceId);
    }
    line.log("{} {} {} {}{} ms {} user={} backend={} outcome={}{}", req.method().name(), status, method,
        name == null ? "" : name + " ", ms, ex.era().label(), user, backend, outcome,
        traceId.isEmpty() ? "" : " trace=" + traceId);
  }
}
