package dev.switchboard.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A record's {@code time} as the trail writes it: UTC to the millisecond, {@code 2026-11-25T03:04:05.678Z}.
 * Records of one batch fall within the same second almost always, so the text up to the second is kept
 * and only the milliseconds are written per record; a {@code DateTimeFormatter} per record was a tenth of
 * the writer thread's time. Not thread-safe: one per writer.
 */
final class TrailTime {
  private static final DateTimeFormatter UP_TO_SECOND =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.").withZone(ZoneOffset.UTC);

  private long second = Long.MIN_VALUE;
  private String prefix;

  String format(long epochMillis) {
    long s = Math.floorDiv(epochMillis, 1000);
    if (s != second) {
      prefix = UP_TO_SECOND.format(Instant.ofEpochSecond(s));
      second = s;
    }
    int millis = (int) Math.floorMod(epochMillis, 1000);
    return new StringBuilder(prefix.length() + 4).append(prefix)
        .append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10)).append((char) ('0' + millis % 10))
        .append('Z').toString();
  }
}
