package dev.switchboard.routing;

import dev.switchboard.protocol.Sha256;

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
    String hash = Sha256.hex(full).substring(0, 8);
    return full.substring(0, maxLength - hash.length() - 1) + "_" + hash;
  }
}
