package dev.switchboard.protocol;

/** The two protocol eras: session-based (initialize handshake) and stateless (per-request _meta). */
public enum Era {
  LEGACY,
  MODERN;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
