package dev.switchboard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrailTimeTest {
  private static final DateTimeFormatter REFERENCE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private static String reference(long millis) {
    return REFERENCE.format(Instant.ofEpochMilli(millis));
  }

  @Test
  void writesUtcToTheMillisecond() {
    assertThat(new TrailTime().format(Instant.parse("2026-11-25T03:04:05.007Z").toEpochMilli()))
        .isEqualTo("2026-11-25T03:04:05.007Z");
  }

  @Test
  void agreesWithTheFormatterAcrossSecondDayAndYearBoundaries() {
    TrailTime time = new TrailTime();
    long[] edges = {Instant.parse("2026-12-31T23:59:59.998Z").toEpochMilli(), Instant.parse("2028-02-29T23:59:59.999Z")
        .toEpochMilli(), 0L, -1L, 999L, 1000L};
    for (long edge : edges) {
      for (long t = edge - 3; t <= edge + 3; t++) {
        assertThat(time.format(t)).as("at %d", t).isEqualTo(reference(t));
      }
    }
  }

  @Test
  void agreesWithTheFormatterForTimesInAnyOrder() {
    TrailTime time = new TrailTime();
    SplittableRandom random = new SplittableRandom(7);
    long now = Instant.parse("2026-11-25T00:00:00Z").toEpochMilli();
    for (int i = 0; i < 20_000; i++) {
      // mostly close together, as in a batch; sometimes far apart (a clock step, a record from the backlog)
      long t = i % 10 == 0 ? random.nextLong(0, 4_102_444_800_000L) : now + random.nextLong(0, 3_000);
      assertThat(time.format(t)).isEqualTo(reference(t));
    }
  }
}
