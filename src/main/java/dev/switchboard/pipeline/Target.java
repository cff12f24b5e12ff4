package dev.switchboard.pipeline;

import dev.switchboard.protocol.Primitive;

/** Where a name the client sees really lives: backend, kind, and the backend's own name (or URI). */
public record Target(String backend, Primitive kind, String originalName, String exposedName) {}
