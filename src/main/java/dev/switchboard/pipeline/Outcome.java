package dev.switchboard.pipeline;

import dev.switchboard.protocol.McpError;

/**
 * How an exchange ended, worked out once when it finishes ({@link Exchange#finish}) and read by every
 * observer: the audit trail's record type, decision and outcome, and the metrics' {@code outcome} label.
 */
public enum Outcome {
  OK("ok"),
  /** The call ran and the tool said it failed ({@code isError}). */
  TOOL_ERROR("tool_error"),
  /** Not granted; told to the client, and counted, exactly as an unknown name. */
  DENIED("unknown_name"),
  UNKNOWN_NAME("unknown_name"),
  RATE_LIMITED("rate_limited"),
  IDENTITY_FAILURE("identity_failure"),
  AUDIT_UNAVAILABLE("audit_unavailable"),
  TIMEOUT("timeout"),
  CANCELLED("cancelled"),
  BACKEND_ERROR("backend_error"),
  ERROR("error");

  private final String metricLabel;

  Outcome(String metricLabel) {
    this.metricLabel = metricLabel;
  }

  /** The {@code outcome} label of the request meters (dashboards and alerts name these). */
  public String metricLabel() {
    return metricLabel;
  }

  static Outcome of(McpError error, boolean denied, boolean toolError) {
    if (error == null) {
      return toolError ? TOOL_ERROR : OK;
    }
    if (denied) {
      return DENIED;
    }
    return switch (error.kind()) {
      case BACKEND_TIMEOUT -> TIMEOUT;
      case CANCELLED -> CANCELLED;
      case RATE_LIMITED -> RATE_LIMITED;
      case UNKNOWN_NAME -> UNKNOWN_NAME;
      case BACKEND_ERROR, BACKEND_UNAVAILABLE -> BACKEND_ERROR;
      case IDENTITY_REFUSED, IDENTITY_UNAVAILABLE -> IDENTITY_FAILURE;
      case AUDIT_UNAVAILABLE -> AUDIT_UNAVAILABLE;
      default -> ERROR;
    };
  }
}
