package dev.switchboard.policy;

import dev.switchboard.identity.Caller;
import dev.switchboard.pipeline.Policy;
import dev.switchboard.protocol.Primitive;

/** The policy in force, replaced whole when the config is reloaded; every check reads the current one. */
public final class SwappablePolicy implements Policy {
  private volatile Policy current;

  public SwappablePolicy(Policy initial) {
    this.current = initial;
  }

  public void replace(Policy next) {
    this.current = next;
  }

  @Override
  public boolean allows(Caller caller, String backend, Primitive kind, String exposedName) {
    return current.allows(caller, backend, kind, exposedName);
  }
}
