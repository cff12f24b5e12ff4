package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.LoggingConfig;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hub's own log calls (System.Logger) come out as the config says: JSON lines or text, at its level. */
class LoggingTest {
  private final PrintStream stderr = System.err;

  @AfterEach
  void restore() {
    System.setErr(stderr);
    Logging.apply(new LoggingConfig(null, null, null));
  }

  private static List<String> logged(LoggingConfig config, Runnable logs) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    Logging.apply(config);
    logs.run();
    return captured.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void jsonLinesCarryTimeLevelLoggerAndMessage() {
    List<String> lines = logged(new LoggingConfig("json", "INFO", null), () -> {
      System.Logger log = System.getLogger("dev.switchboard.hub.Hub");
      log.log(System.Logger.Level.INFO, "Switchboard listening on http://{0}:{1}{2}", "127.0.0.1", "8080", "/mcp");
      log.log(System.Logger.Level.DEBUG, "not at this level");
    });
    assertThat(lines).hasSize(1);
    JsonObject line = new JsonObject(lines.get(0));
    assertThat(line.getString("level")).isEqualTo("INFO");
    assertThat(line.getString("loggerName")).isEqualTo("dev.switchboard.hub.Hub");
    assertThat(line.getString("message")).isEqualTo("Switchboard listening on http://127.0.0.1:8080/mcp");
    assertThat(line.getLong("timestamp")).isPositive();
  }

  @Test
  void textLinesAreOneReadableLineEachAndTheLevelFilters() {
    List<String> lines = logged(new LoggingConfig("text", "WARN", null), () -> {
      System.Logger log = System.getLogger("dev.switchboard.routing.CatalogService");
      log.log(System.Logger.Level.INFO, "Backend ''{0}'' is up", "demo");
      log.log(System.Logger.Level.WARNING, "Backend ''{0}'' is unavailable", "jira");
    });
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT\\S+ WARN  CatalogService - Backend 'jira' is unavailable");
  }
}
