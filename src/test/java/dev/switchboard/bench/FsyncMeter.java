package dev.switchboard.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;

/**
 * Reads the audit trail's own fsync meter from a hub's {@code /metrics}: how many fsyncs, how long they
 * took, how many records they made durable. Two readings around a phase give that phase's figures.
 */
final class FsyncMeter {
  private static final int PROBES = 200;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private FsyncMeter() {}

  record Reading(double fsyncs, double seconds, double records) {
    Reading since(Reading earlier) {
      return new Reading(fsyncs - earlier.fsyncs, seconds - earlier.seconds, records - earlier.records);
    }

    double meanMillis() {
      return seconds * 1000 / fsyncs;
    }

    double recordsPerFsync() {
      return records / fsyncs;
    }
  }

  /**
   * The median time of one append-and-fdatasync of a record-sized line in {@code dir} while nothing else
   * runs: what this machine's disk costs at best.
   */
  static double idleMillis(Path dir) throws IOException {
    Path file = Files.createTempFile(dir, "fsync-probe", ".jsonl");
    double[] millis = new double[PROBES];
    ByteBuffer line = ByteBuffer.wrap(("{\"probe\":\"" + "x".repeat(580) + "\"}\n").getBytes(StandardCharsets.UTF_8));
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      for (int i = 0; i < PROBES; i++) {
        long start = System.nanoTime();
        ch.write(line.rewind());
        ch.force(false); // what the audit writer calls: fdatasync
        millis[i] = (System.nanoTime() - start) / 1e6;
      }
    } finally {
      Files.deleteIfExists(file);
    }
    Arrays.sort(millis);
    return millis[PROBES / 2];
  }

  static Reading read(String metricsUrl) throws Exception {
    String text = HTTP.send(HttpRequest.newBuilder(URI.create(metricsUrl)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    return new Reading(value(text, "switchboard_audit_fsync_duration_seconds_count"),
        value(text, "switchboard_audit_fsync_duration_seconds_sum"), value(text, "switchboard_audit_records_total"));
  }

  /** A sample without labels, in the Prometheus text format: {@code name value}. */
  private static double value(String text, String name) {
    for (String line : text.split("\n")) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1).trim());
      }
    }
    throw new IllegalStateException(name + " is not in the hub's metrics");
  }
}
