package dev.switchboard.protocol;

import io.vertx.core.json.JsonObject;

/** One decoded JSON-RPC message. {@code params} is never null for requests and notifications. */
public record JsonRpcMessage(Kind kind, Object id, String method, JsonObject params, JsonObject raw) {
  public enum Kind { REQUEST, NOTIFICATION, RESPONSE }

  static JsonRpcMessage request(Object id, String method, JsonObject params, JsonObject raw) {
    return new JsonRpcMessage(Kind.REQUEST, id, method, params == null ? new JsonObject() : params, raw);
  }

  static JsonRpcMessage notification(String method, JsonObject params, JsonObject raw) {
    return new JsonRpcMessage(Kind.NOTIFICATION, null, method, params == null ? new JsonObject() : params, raw);
  }

  static JsonRpcMessage response(Object id, JsonObject raw) {
    return new JsonRpcMessage(Kind.RESPONSE, id, null, null, raw);
  }

  public boolean isRequest() {
    return kind == Kind.REQUEST;
  }

  public boolean isNotification() {
    return kind == Kind.NOTIFICATION;
  }

  public boolean isResponse() {
    return kind == Kind.RESPONSE;
  }

  /** The {@code _meta} object of the params, or an empty one. */
  public JsonObject meta() {
    JsonObject meta = params == null ? null : params.getJsonObject(McpNames.META);
    return meta == null ? new JsonObject() : meta;
  }
}
