package dev.switchboard.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * A pattern made of literal parts in order with a gap between each two: a policy glob ({@code *} is a gap
 * of any length) or a resource template ({@code {expression}} is a gap of at least one character). It is
 * matched without regular expressions, in one pass from left to right: the first literal must start the
 * value, the last must end it, and each one in between is taken at its first place after the one before.
 * Taking the first place is always right (any later place leaves less room for what follows), so there is
 * no backtracking and a hostile value of any length costs one scan per literal, never a search over ways
 * to split it. Java's backtracking regular expressions took 38 s for a 3 KB URI against a template with
 * three expressions.
 */
public final class LiteralRuns {
  private final List<String> literals; // always gaps + 1 parts, the first and last possibly empty
  private final int minGap;

  private LiteralRuns(List<String> literals, int minGap) {
    this.literals = List.copyOf(literals);
    this.minGap = minGap;
  }

  /** A glob: {@code *} matches any run of characters, the empty one included; everything else is literal. */
  public static LiteralRuns glob(String glob) {
    return new LiteralRuns(List.of(glob.split("\\*", -1)), 0);
  }

  /**
   * An RFC 6570 URI template as a route: literal text as written, each {@code {expression}} a non-empty run
   * of any characters (whatever its operator; the backend checks what it expands to).
   */
  public static LiteralRuns template(String template) {
    List<String> parts = new ArrayList<>();
    int last = 0;
    for (int open = template.indexOf('{'); open >= 0; open = template.indexOf('{', last)) {
      int close = template.indexOf('}', open);
      if (close < 0) {
        break; // an unclosed brace is literal text
      }
      parts.add(template.substring(last, open));
      last = close + 1;
    }
    parts.add(template.substring(last));
    return new LiteralRuns(parts, 1);
  }

  public boolean matches(String value) {
    String first = literals.get(0);
    if (literals.size() == 1) {
      return value.equals(first);
    }
    String last = literals.get(literals.size() - 1);
    int end = value.length() - last.length(); // where the last literal must start
    if (!value.startsWith(first) || end < first.length() || !value.startsWith(last, end)) {
      return false;
    }
    int at = first.length();
    for (int i = 1; i < literals.size() - 1; i++) {
      String literal = literals.get(i);
      int found = value.indexOf(literal, at + minGap);
      if (found < 0 || found + literal.length() > end) {
        return false;
      }
      at = found + literal.length();
    }
    return end - at >= minGap;
  }
}
