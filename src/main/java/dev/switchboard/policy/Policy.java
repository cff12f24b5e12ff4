package dev.switchboard.policy;

import dev.switchboard.identity.Caller;

/**
 * What a caller may see and use. Answers are plain booleans so list filtering stays cheap; a denied call
 * is answered exactly like an unknown name by the router.
 */
public interface Policy {
  enum Kind { TOOL, PROMPT, RESOURCE }

  boolean allows(Caller caller, String backend, Kind kind, String exposedName);

  /** Until the identity issue lands grants and local rules: every resolved caller may use everything. */
  Policy ALLOW_ALL = (caller, backend, kind, name) -> true;
}
