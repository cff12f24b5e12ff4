package dev.switchboard.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Human durations in config: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}. */
public final class Durations {
  private static final Pattern FORMAT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Durations() {}

  /** A parsed duration that remembers how it was written, for messages and normalized output. */
  public record Value(Duration duration, String text) {
    @JsonCreator
    public static Value parse(String text) {
      Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "'" + text + "' is not a duration (use a whole number with ms, s, m, h or d, e.g. 30s)");
      }
      long n = Long.parseLong(m.group(1));
      Duration d = switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
      return new Value(d, m.group(0));
    }

    public long millis() {
      return duration.toMillis();
    }

    @JsonValue
    @Override
    public String text() {
      return text;
    }
  }

  /** How often to look for things idle longer than {@code idleMillis}: often enough, never busily. */
  public static long sweepPeriod(long idleMillis) {
    return Math.max(250, Math.min(idleMillis / 4, 30_000));
  }
}
