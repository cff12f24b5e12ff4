package dev.switchboard.protocol;

import io.vertx.core.json.JsonObject;

/** How the hub names itself to clients and to backends. */
public final class HubIdentity {
  public static final String NAME = "switchboard";
  public static final String VERSION = HubIdentity.class.getPackage().getImplementationVersion() != null
      ? HubIdentity.class.getPackage().getImplementationVersion() : "0.1.0";

  private HubIdentity() {}

  public static JsonObject serverInfo() {
    return new JsonObject().put("name", NAME).put("title", "Switchboard MCP hub").put("version", VERSION);
  }

  public static JsonObject clientInfo() {
    return new JsonObject().put("name", NAME).put("version", VERSION);
  }
}
