package dev.switchboard.cli;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.switchboard.config.LoggingConfig;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Sets up the hub's logging from its config: Logback, on standard error (standard output is the stdio
 * bridge's MCP channel), as readable lines or as one JSON object per line (Logback's own encoder: time, level,
 * logger, thread, message, any exception), at the configured level.
 */
final class Logging {
  static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0} - %msg%n";

  private Logging() {}

  static void apply(LoggingConfig config) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return; // another SLF4J provider is in charge (embedded use): leave it be
    }
    ConsoleAppender<ILoggingEvent> stderr = stderr(context, "STDERR", encoder(config.format(), context));
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    root.addAppender(stderr);
    root.setLevel(Level.toLevel(config.level().toUpperCase(Locale.ROOT), Level.INFO));
    if (config.access()) {
      accessLog(context, encoder(config.format(), context));
    }
  }

  /**
   * The access log: at INFO whatever {@code logging.level} says (asking for it is asking for its lines), written
   * by a thread of its own so an event loop never waits for standard error; under a flood that outruns it, lines
   * are dropped rather than calls held ({@code neverBlock}).
   */
  private static void accessLog(LoggerContext context, Encoder<ILoggingEvent> encoder) {
    ConsoleAppender<ILoggingEvent> stderr = stderr(context, "ACCESS-STDERR", encoder);
    AsyncAppender async = new AsyncAppender();
    async.setContext(context);
    async.setName("ACCESS");
    async.setNeverBlock(true);
    async.setQueueSize(8192);
    async.setDiscardingThreshold(0); // INFO lines are what this log is: keep them until the queue is full
    async.addAppender(stderr);
    async.start();
    Logger access = context.getLogger("switchboard.access");
    access.detachAndStopAllAppenders();
    access.setAdditive(false);
    access.setLevel(Level.INFO);
    access.addAppender(async);
  }

  private static ConsoleAppender<ILoggingEvent> stderr(LoggerContext context, String name,
      Encoder<ILoggingEvent> encoder) {
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName(name);
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    return stderr;
  }

  private static Encoder<ILoggingEvent> encoder(String format, LoggerContext context) {
    if (format.equals("json")) {
      JsonEncoder json = new JsonEncoder();
      json.setContext(context);
      json.start();
      return json;
    }
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern(PATTERN);
    text.start();
    return text;
  }
}
