package dev.switchboard.config;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Expands {@code ${NAME}} references to environment variables; {@code $${} escapes a literal. */
public final class EnvReferences {
  private static final Pattern REF = Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private EnvReferences() {}

  public static String expand(String value, Function<String, String> env, String where) {
    if (value == null) {
      throw new ConfigException(where + ": value is missing");
    }
    Matcher m = REF.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group(1) == null) {
        replacement = "${";
      } else {
        replacement = env.apply(m.group(1));
        if (replacement == null) {
          throw new ConfigException(where + ": environment variable " + m.group(1) + " is not set");
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
