package dev.switchboard.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How the hub logs (to standard error, always: standard output is the stdio bridge's MCP channel): {@code format}
 * {@code text} (one readable line each) or {@code json} (one JSON object per line: time, level, logger, thread,
 * message, for a log shipper), the {@code level} below which nothing is written, and whether an {@code access}
 * log line (logger {@code switchboard.access}) is written for every exchange.
 */
public record LoggingConfig(
    @JsonProperty("format") String format,
    @JsonProperty("level") String level,
    @JsonProperty("access") Boolean access) {

  public LoggingConfig {
    format = format != null ? format : "text";
    level = level != null ? level : "INFO";
    access = access != null && access;
  }

  static LoggingConfig defaults() {
    return new LoggingConfig(null, null, null);
  }
}
