package dev.switchboard.routing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Exposed names of tools and prompts: {@code <prefix><separator><name>} when prefixing, and never longer
 * than clients accept (64 characters for most). A long name is cut and ends in 8 hex digits of the
 * SHA-256 of the full name, so shortening is deterministic and two long names cannot collide in practice.
 */
public final class NameMapper {
  private final boolean prefixed;
  private final String separator;
  private final int maxLength;

  public NameMapper(boolean prefixed, String separator, int maxLength) {
    this.prefixed = prefixed;
    this.separator = separator;
    this.maxLength = maxLength;
  }

  public String expose(String prefix, String name) {
    String full = prefixed ? prefix + separator + name : name;
    if (full.length() <= maxLength) {
      return full;
    }
    String hash = sha256Hex(full).substring(0, 8);
    return full.substring(0, maxLength - hash.length() - 1) + "_" + hash;
  }

  private static String sha256Hex(String s) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
