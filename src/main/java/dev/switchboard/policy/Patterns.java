package dev.switchboard.policy;

import java.util.List;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/** A set of glob patterns ({@code *} matches any run of characters, everything else is literal). */
public final class Patterns {
  public static final Patterns NONE = new Patterns(List.of());
  private final List<Pattern> compiled;

  private Patterns(List<Pattern> compiled) {
    this.compiled = compiled;
  }

  public static Patterns of(List<String> globs) {
    return new Patterns(globs.stream().map(Patterns::compile).toList());
  }

  public boolean matches(String value) {
    for (Pattern p : compiled) {
      if (p.matcher(value).matches()) {
        return true;
      }
    }
    return false;
  }

  public boolean isEmpty() {
    return compiled.isEmpty();
  }

  Patterns plus(Patterns other) {
    if (other.compiled.isEmpty()) {
      return this;
    }
    return new Patterns(java.util.stream.Stream.concat(compiled.stream(), other.compiled.stream()).toList());
  }

  private static Pattern compile(String glob) {
    StringJoiner regex = new StringJoiner(".*");
    for (String literal : glob.split("\\*", -1)) {
      regex.add(Pattern.quote(literal));
    }
    return Pattern.compile(regex.toString());
  }
}
