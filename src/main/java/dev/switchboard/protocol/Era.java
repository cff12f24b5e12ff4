package dev.switchboard.protocol;

/** The two protocol eras: session-based (initialize handshake) and stateless (per-request _meta). */
public enum Era {
  LEGACY("legacy"),
  MODERN("modern");

  private final String label;

  Era(String label) {
    this.label = label;
  }

  /** The lower-case name used in metrics labels and audit records (one instance: read on every call). */
  public String label() {
    return label;
  }
}
