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

  /**
   * What a message that is no JSON-RPC request stands for in an exchange: a GET stream, a DELETE, or a
   * client's notification or response, named by {@code what}. It passes the same identity and session stages.
   */
  public static JsonRpcMessage clientAction(String what) {
    return new JsonRpcMessage(Kind.NOTIFICATION, null, what, new JsonObject(), null);
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
