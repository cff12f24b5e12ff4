package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.support.McpHttp;
import dev.switchboard.support.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** The access log: one line per exchange, readable as text and with its fields as keys in JSON lines. */
@Timeout(60)
class AccessLogIT {
  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final Logger access = context.getLogger("switchboard.access");
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

  @AfterEach
  void detach() {
    access.detachAppender(lines);
  }

  @Test
  void everyExchangeIsOneLineWithStatusDurationEraMethodUserAndOutcome() throws Exception {
    lines.setContext(context);
    lines.start();
    access.addAppender(lines);
    try (TestHub hub = TestHub.start(TestHub.DEMO_ONLY + "logging: {access: true}\n")) {
      McpHttp http = new McpHttp(hub.url());
      assertThat(http.modern("tools/call", "echo", new JsonObject().put("name", "echo")
          .put("arguments", new JsonObject().put("message", "hi"))).status()).isEqualTo(200);
      assertThat(http.post("{not json", McpHttp.modernHeaders("tools/call", "echo")).status()).isEqualTo(400);
      await().atMost(Duration.ofSeconds(5)).until(() -> lines.list.size() >= 2);
    }

    ILoggingEvent call = lines.list.get(0);
    assertThat(call.getFormattedMessage()).matches(
        "POST 200 tools/call echo \\d+\\.\\d ms modern user=dev@localhost backend=demo outcome=ok");
    JsonObject json = new JsonObject(new String(jsonEncoder().encode(call), StandardCharsets.UTF_8));
    Map<String, Object> fields = keyValues(json);
    assertThat(fields).containsEntry("status", "200") // Logback writes values as strings
       .containsEntry("era", "modern").containsEntry("method", "tools/call")
        .containsEntry("name", "echo").containsEntry("user", "dev@localhost").containsEntry("outcome", "ok")
        .containsKey("durationMs");
    assertThat(lines.list.get(1).getFormattedMessage()).matches("POST 400 \\d+\\.\\d ms"); // no exchange: no MCP fields
  }

  private JsonEncoder jsonEncoder() {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    encoder.start();
    return encoder;
  }

  /** Logback's JSON line keeps key-value pairs as a list of one-key objects ({@code kvpList}). */
  private static Map<String, Object> keyValues(JsonObject line) {
    Map<String, Object> fields = new HashMap<>();
    JsonArray kvp = line.getJsonArray("kvpList", new JsonArray());
    kvp.forEach(o -> ((JsonObject) o).forEach(e -> fields.put(e.getKey(), e.getValue())));
    return fields;
  }
}
