package dev.switchboard.protocol;

import java.util.List;

/** The MCP protocol revisions this hub speaks, and which era each belongs to. */
public final class ProtocolVersions {
  /** The stateless, per-request-metadata revision. */
  public static final String MODERN = "2026-07-28";
  /** Session-based revisions, newest first; the first is what {@code initialize} offers by default. */
  public static final List<String> LEGACY = List.of("2025-11-25", "2025-06-18", "2025-03-26");
  /** Everything, newest first: the {@code supported} list of an UnsupportedProtocolVersion error. */
  public static final List<String> ALL = List.of(MODERN, "2025-11-25", "2025-06-18", "2025-03-26");
  /** Assumed for legacy requests without an {@code MCP-Protocol-Version} header (spec 2025-06-18). */
  public static final String LEGACY_DEFAULT = "2025-03-26";

  private ProtocolVersions() {}

  public static boolean isModern(String version) {
    return MODERN.equals(version);
  }

  public static boolean isLegacy(String version) {
    return version != null && LEGACY.contains(version); // List.of refuses to look for null
  }

  public static boolean isSupported(String version) {
    return version != null && ALL.contains(version);
  }

  /** A modern-looking version string (date at or after the first modern revision), supported or not. */
  public static boolean looksModern(String version) {
    return version != null && version.compareTo(MODERN) >= 0;
  }

  /** The version an {@code initialize} answers with: the client's if we speak it, else our newest legacy one. */
  public static String negotiateLegacy(String requested) {
    return isLegacy(requested) ? requested : LEGACY.get(0);
  }
}
