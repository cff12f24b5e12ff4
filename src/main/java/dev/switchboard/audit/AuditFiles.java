package dev.switchboard.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * File names of the trail: {@code audit-<first seq, 12 digits>-<UTC day>.jsonl}. Sorting by the sequence
 * number is chronological; a file is never reopened once closed.
 */
public final class AuditFiles {
  private static final Pattern NAME = Pattern.compile("audit-(\\d{12,})-(\\d{4}-\\d{2}-\\d{2})\\.jsonl");

  private AuditFiles() {}

  public static String name(long firstSeq, LocalDate day) {
    return String.format("audit-%012d-%s.jsonl", firstSeq, day);
  }

  /** The trail's files in order; an empty list when the directory does not exist. */
  public static List<Path> list(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
          .sorted(Comparator.comparingLong(AuditFiles::firstSeq)).toList();
    }
  }

  public static long firstSeq(Path file) {
    Matcher m = NAME.matcher(file.getFileName().toString());
    if (!m.matches()) {
      throw new IllegalArgumentException("not an audit file name: " + file.getFileName());
    }
    return Long.parseLong(m.group(1));
  }
}
