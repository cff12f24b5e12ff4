package dev.switchboard.backend;

import dev.switchboard.protocol.Era;
import io.vertx.core.json.JsonObject;

/** What a backend said about itself: era and version it speaks, capabilities, server info, instructions. */
public record BackendInfo(Era era, String protocolVersion, JsonObject capabilities, JsonObject serverInfo,
    String instructions) {

  public boolean has(String capability) {
    return capabilities.containsKey(capability);
  }
}
