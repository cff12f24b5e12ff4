package dev.switchboard.protocol;

import dev.switchboard.protocol.LiteralRuns;
import java.util.List;

/**
 * A set of glob patterns ({@code *} matches any run of characters, everything else is literal), matched in
 * linear time ({@link LiteralRuns}): what they are matched against comes from clients and backends.
 */
public final class Patterns {
  public static final Patterns NONE = new Patterns(List.of());
  private final List<LiteralRuns> compiled;

  private Patterns(List<LiteralRuns> compiled) {
    this.compiled = compiled;
  }

  public static Patterns of(List<String> globs) {
    return new Patterns(globs.stream().map(LiteralRuns::glob).toList());
  }

  public boolean matches(String value) {
    for (LiteralRuns p : compiled) {
      if (p.matches(value)) {
        return true;
      }
    }
    return false;
  }

  public boolean isEmpty() {
    return compiled.isEmpty();
  }

  public Patterns plus(Patterns other) {
    if (other.compiled.isEmpty()) {
      return this;
    }
    return new Patterns(java.util.stream.Stream.concat(compiled.stream(), other.compiled.stream()).toList());
  }
}
