package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class LiteralRunsTest {
  @Test
  void aGlobStarMatchesAnyRunTheEmptyOneIncluded() {
    LiteralRuns g = LiteralRuns.glob("files__*");
    assertThat(g.matches("files__read")).isTrue();
    assertThat(g.matches("files__")).isTrue();
    assertThat(g.matches("xfiles__read")).isFalse();
    assertThat(LiteralRuns.glob("*").matches("")).isTrue();
    assertThat(LiteralRuns.glob("a*b*a").matches("aba")).isTrue();
    assertThat(LiteralRuns.glob("a*b*a").matches("ab")).isFalse();
    assertThat(LiteralRuns.glob("exact").matches("exact")).isTrue();
    assertThat(LiteralRuns.glob("exact").matches("exactly")).isFalse();
  }

  @Test
  void aTemplateExpressionMatchesAtLeastOneCharacter() {
    LiteralRuns t = LiteralRuns.template("docs://{space}/{page}/{section}/view");
    assertThat(t.matches("docs://a/b/c/view")).isTrue();
    assertThat(t.matches("docs://a/b/c/d/view")).isTrue();
    assertThat(t.matches("docs://a///c/view")).isTrue(); // an expression took "/": the backend decides
    assertThat(t.matches("docs:///view")).isFalse();
    assertThat(t.matches("docs://a/b/view")).isFalse();
    LiteralRuns file = LiteralRuns.template("repo://{owner}/{repo}/contents{/path*}");
    assertThat(file.matches("repo://o/r/contents/src/Main.java")).isTrue();
    assertThat(file.matches("repo://o/r/contents")).isFalse();
  }

  /** The same answers as the backtracking regular expressions the hub used before, on random values. */
  @Test
  void agreesWithTheRegularExpressionOfTheSameShape() {
    Random random = new Random(20261206);
    String[] globs = {"a*", "*a", "a*b", "*ab*", "a*a*a", "**", "ab*ba*", ""};
    String[] templates = {"a{x}", "{x}a", "a{x}b{y}a", "{x}{y}", "ab{x}ba{y}", "{x}", "a"};
    for (int i = 0; i < 20_000; i++) {
      String value = randomValue(random);
      for (String glob : globs) {
        assertThat(LiteralRuns.glob(glob).matches(value)).as("glob %s on %s", glob, value)
            .isEqualTo(regexOf(glob.split("\\*", -1), ".*").matcher(value).matches());
      }
      for (String template : templates) {
        assertThat(LiteralRuns.template(template).matches(value)).as("template %s on %s", template, value)
            .isEqualTo(regexOf(template.split("\\{[^}]*}", -1), ".+?").matcher(value).matches());
      }
    }
  }

  @Test
  @Timeout(5)
  void aHostileValueCostsOneScan() {
    String slashes = "docs://" + "/".repeat(1_000_000);
    assertThat(LiteralRuns.template("docs://{space}/{page}/{section}/view").matches(slashes)).isFalse();
    assertThat(LiteralRuns.template("repo://{owner}/{repo}/contents{/path*}").matches("repo://" + "/".repeat(1_000_000)))
        .isFalse();
    assertThat(LiteralRuns.glob("*a*a*a*a*b").matches("a".repeat(1_000_000))).isFalse();
  }

  private static String randomValue(Random random) {
    StringBuilder b = new StringBuilder();
    int length = random.nextInt(8);
    for (int j = 0; j < length; j++) {
      b.append("ab".charAt(random.nextInt(2)));
    }
    return b.toString();
  }

  private static Pattern regexOf(String[] literals, String gap) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < literals.length; i++) {
      regex.append(i == 0 ? "" : gap).append(Pattern.quote(literals[i]));
    }
    return Pattern.compile(regex.toString());
  }
}
