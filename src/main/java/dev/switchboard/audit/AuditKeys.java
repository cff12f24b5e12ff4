package dev.switchboard.audit;

import dev.switchboard.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/** The checkpoint key: the bytes of an environment variable's value or of a file (trailing newline cut). */
public final class AuditKeys {
  private static final int MIN_BYTES = 16;

  private AuditKeys() {}

  /** Null when neither is given; an error naming the source when it is given but unusable. */
  public static byte[] load(String envName, String file, Function<String, String> env) {
    if (envName != null && file != null) {
      throw new ConfigException("audit key: give an environment variable or a key file, not both");
    }
    byte[] key;
    String source;
    if (envName != null) {
      String value = env.apply(envName);
      if (value == null || value.isEmpty()) {
        throw new ConfigException("audit key: environment variable " + envName + " is not set");
      }
      key = value.getBytes(StandardCharsets.UTF_8);
      source = "environment variable " + envName;
    } else if (file != null) {
      try {
        key = new String(Files.readAllBytes(Path.of(file)), StandardCharsets.UTF_8).strip()
            .getBytes(StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new ConfigException("audit key: cannot read key file " + file + ": " + e.getMessage());
      }
      source = "key file " + file;
    } else {
      return null;
    }
    if (key.length < MIN_BYTES) {
      throw new ConfigException("audit key: " + source + " holds " + key.length + " bytes; use at least " + MIN_BYTES
          + " (e.g. openssl rand -hex 32)");
    }
    return key;
  }
}
