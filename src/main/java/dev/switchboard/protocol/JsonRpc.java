package dev.switchboard.protocol;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Decoding and encoding of JSON-RPC 2.0 messages, with the MCP rules on ids. */
public final class JsonRpc {
  private JsonRpc() {}

  /**
   * Decodes one HTTP body into a message. Batches (arrays) are refused: none of the revisions this hub
   * serves over HTTP at 2025-06-18 and later allow them, and 2025-03-26 clients do not send them in
   * practice.
   */
  public static JsonRpcMessage decode(Buffer body) {
    return classify(object(body));
  }

  /**
   * The JSON object in a client's message (an HTTP body, a line on the bridge's stdin), not yet checked as a
   * JSON-RPC message ({@link #classify}). JSON that is not I-JSON (a name twice in one object, an unpaired
   * surrogate) is an invalid request: see {@link IJson}.
   */
  public static JsonObject object(Buffer body) {
    Object value;
    try {
      value = IJson.decode(body); // what the hub only passes on stays undecoded
    } catch (IJson.NotUtf8 e) {
      throw new McpError(ErrorKind.PARSE_ERROR, "Parse error: body is not UTF-8 text: " + e.getMessage());
    } catch (IJson.NotIJson e) {
      throw new McpError(ErrorKind.INVALID_REQUEST, "Invalid Request: " + e.getMessage()
          + "; parsers disagree about what that means, so the hub takes no message with it (RFC 7493)");
    } catch (DecodeException e) {
      throw new McpError(ErrorKind.PARSE_ERROR, "Parse error: body is not valid JSON: " + e.getMessage());
    }
    if (value instanceof JsonArray) {
      throw new McpError(ErrorKind.BATCH_NOT_SUPPORTED, "Invalid Request: JSON-RPC batches are not supported");
    }
    if (!(value instanceof JsonObject object)) {
      throw new McpError(ErrorKind.INVALID_REQUEST, "Invalid Request: body must be a JSON-RPC object");
    }
    return object;
  }

  /**
   * The id in a body that {@link #object} refused, when it can still be read (not I-JSON, say), or
   * null: the client is waiting for an answer to that id.
   */
  public static Object idOfRefused(Buffer body) {
    try {
      return LazyJson.decode(body) instanceof JsonObject m ? idOf(m) : null;
    } catch (DecodeException e) {
      return null;
    }
  }

  /**
   * The id of a message that may be invalid otherwise, or null: an error about such a message still
   * carries its id when the id itself can be read (JSON-RPC 2.0, section 5).
   */
  public static Object idOf(JsonObject m) {
    Object id = m == null ? null : m.getValue("id");
    return validId(id) ? id : null;
  }

  /** Classifies a decoded JSON object as request, notification or response, checking its shape. */
  public static JsonRpcMessage classify(JsonObject m) {
    if (!"2.0".equals(m.getValue("jsonrpc"))) {
      throw new McpError(ErrorKind.INVALID_REQUEST, "Invalid Request: \"jsonrpc\" must be \"2.0\"");
    }
    Object id = m.getValue("id");
    boolean hasId = m.containsKey("id");
    if (hasId && !validId(id)) {
      throw new McpError(ErrorKind.INVALID_REQUEST, "Invalid Request: \"id\" must be a string or an integer");
    }
    Object method = m.getValue("method");
    if (method != null) {
      if (!(method instanceof String name) || name.isEmpty()) {
        throw new McpError(ErrorKind.INVALID_REQUEST, "Invalid Request: \"method\" must be a non-empty string");
      }
      Object params = m.getValue("params");
      if (params != null && !(params instanceof JsonObject)) {
        throw new McpError(ErrorKind.INVALID_REQUEST, "Invalid Request: \"params\" must be an object");
      }
      JsonObject p = (JsonObject) params;
      return hasId ? JsonRpcMessage.request(id, name, p, m) : JsonRpcMessage.notification(name, p, m);
    }
    if (hasId && (m.containsKey("result") || m.containsKey("error"))) {
      return JsonRpcMessage.response(id, m);
    }
    throw new McpError(ErrorKind.INVALID_REQUEST, "Invalid Request: neither a request, a notification nor a response");
  }

  private static boolean validId(Object id) {
    if (id instanceof String || id instanceof Integer || id instanceof Long || id instanceof java.math.BigInteger) {
      return true;
    }
    // 1.0 is an integer; 1e400 is not a number at all here (it decodes as infinity, and would be answered
    // with the id "Infinity")
    return id instanceof Number n && Double.isFinite(n.doubleValue()) && n.doubleValue() == Math.rint(n.doubleValue());
  }

  /** Whether two JSON-RPC ids are the same id (JSON numbers decode as Integer or Long by size). */
  public static boolean sameId(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return x.longValue() == y.longValue() && x.doubleValue() == y.doubleValue();
    }
    return a != null && a.equals(b);
  }

  public static JsonObject result(Object id, JsonObject result) {
    return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("result", result);
  }

  public static JsonObject error(Object id, JsonObject error) {
    JsonObject m = new JsonObject().put("jsonrpc", "2.0");
    if (id != null) {
      m.put("id", id);
    }
    return m.put("error", error);
  }

  public static JsonObject notification(String method, JsonObject params) {
    JsonObject m = new JsonObject().put("jsonrpc", "2.0").put("method", method);
    if (params != null) {
      m.put("params", params);
    }
    return m;
  }

  /**
   * A peer's response, re-addressed to another id (a client's answer to a server's request goes back under
   * the server's id). Only a well-formed result or error goes on: a receiver handed a malformed one (an
   * error that is not an object, a code that is not an integer) may reject it and keep waiting.
   */
  public static JsonObject answerUnder(Object id, JsonObject response) {
    if (response.getValue("result") instanceof JsonObject r) {
      return result(id, r);
    }
    if (response.getValue("error") instanceof JsonObject e && e.getValue("code") instanceof Integer
        && e.getValue("message") instanceof String) {
      return error(id, e);
    }
    return error(id, new JsonObject().put("code", -32603)
        .put("message", "the client answered without a valid result or error"));
  }

  public static JsonObject request(Object id, String method, JsonObject params) {
    return notification(method, params).put("id", id);
  }
}
