package dev.switchboard.routing;

import dev.switchboard.policy.Policy;

/** Where a name the client sees really lives: backend, kind, and the backend's own name (or URI). */
public record Target(String backend, Policy.Kind kind, String originalName, String exposedName) {}
