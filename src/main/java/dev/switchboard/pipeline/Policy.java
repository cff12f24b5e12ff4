package dev.switchboard.pipeline;

import dev.switchboard.identity.Caller;
import dev.switchboard.protocol.Primitive;

/**
 * What a caller may see and use. Answers are plain booleans so list filtering stays cheap; a denied call
 * is answered exactly like an unknown name by the router.
 */
public interface Policy {
  boolean allows(Caller caller, String backend, Primitive kind, String exposedName);

  /** Every resolved caller may use everything: only for the dev identity without rules. */
  Policy ALLOW_ALL = (caller, backend, kind, name) -> true;
}
