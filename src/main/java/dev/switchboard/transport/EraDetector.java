package dev.switchboard.transport;

import dev.switchboard.protocol.Era;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.JsonRpcMessage;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.McpNames;
import dev.switchboard.protocol.ProtocolVersions;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Decides per POST which era a message belongs to, and for the modern era validates what 2026-07-28
 * requires of every request: the {@code _meta} envelope and headers that agree with the body.
 *
 * <p>{@code initialize} or an {@code Mcp-Session-Id} header means legacy; a protocol version in
 * {@code _meta} or a modern {@code MCP-Protocol-Version} header means modern. Methods that 2026-07-28
 * removed are not found in the modern era (404 / -32601), {@code initialize} among them when it comes with
 * the modern version: a compliant client that sends one must learn it is gone, not start a legacy session.
 */
public final class EraDetector {
  /** Methods of the 2025 revisions that 2026-07-28 removed. */
  static final java.util.Set<String> REMOVED_IN_MODERN = java.util.Set.of(McpNames.INITIALIZE, McpNames.PING,
      McpNames.SET_LOG_LEVEL, McpNames.RESOURCES_SUBSCRIBE, McpNames.RESOURCES_UNSUBSCRIBE);

  private EraDetector() {}

  public record Decision(Era era, String protocolVersion) {}

  public static Decision detect(MultiMap headers, JsonRpcMessage msg) {
    String headerVersion = headers.get(McpNames.KEY_PROTOCOL_VERSION);
    boolean hasSession = headers.contains(McpNames.KEY_SESSION_ID);
    Object metaVersion = metaVersion(msg);
    if (msg.isRequest() && McpNames.INITIALIZE.equals(msg.method())
        && !(metaVersion instanceof String v && ProtocolVersions.isModern(v))
        && !(metaVersion == null && ProtocolVersions.isModern(headerVersion))) {
      return new Decision(Era.LEGACY, null);
    }
    // A modern request names its version in _meta; an Mcp-Session-Id next to it is ignored, as 2026-07-28 says.
    if (metaVersion == null && (hasSession || ProtocolVersions.isLegacy(headerVersion))) {
      return legacy(headerVersion, hasSession);
    }
    if (metaVersion == null && headerVersion != null && !ProtocolVersions.isSupported(headerVersion)) {
      throw unsupported(headerVersion);
    }
    if (metaVersion != null || ProtocolVersions.looksModern(headerVersion) || msg.isRequest()) {
      return new Decision(Era.MODERN, msg.isRequest() ? notRemoved(msg, validateModern(headers, msg))
          : ProtocolVersions.MODERN);
    }
    return new Decision(Era.MODERN, ProtocolVersions.MODERN); // a stateless notification or response
  }

  /** A well-formed modern request's version, unless its method is one that version removed. */
  private static String notRemoved(JsonRpcMessage msg, String version) {
    if (REMOVED_IN_MODERN.contains(msg.method())) {
      throw new McpError(ErrorKind.METHOD_NOT_FOUND, "Method not found: " + msg.method() + " was removed in "
          + version + " (send it in a legacy session, or leave it out)");
    }
    return version;
  }

  private static Decision legacy(String headerVersion, boolean hasSession) {
    if (headerVersion != null && !ProtocolVersions.isLegacy(headerVersion)) {
      throw unsupported(headerVersion);
    }
    if (!hasSession) {
      throw new McpError(ErrorKind.SESSION_REQUIRED,
          "Bad Request: Mcp-Session-Id header is required (send initialize first)");
    }
    return new Decision(Era.LEGACY, headerVersion != null ? headerVersion : ProtocolVersions.LEGACY_DEFAULT);
  }

  /** Validates a modern request; returns its protocol version. */
  static String validateModern(MultiMap headers, JsonRpcMessage msg) {
    Object rawMeta = msg.params().getValue(McpNames.META);
    if (rawMeta != null && !(rawMeta instanceof JsonObject)) {
      throw new McpError(ErrorKind.MISSING_META, "Invalid params: _meta must be an object");
    }
    JsonObject meta = msg.meta();
    Object version = meta.getValue(McpNames.META_PROTOCOL_VERSION);
    if (!(version instanceof String bodyVersion)) {
      throw new McpError(ErrorKind.MISSING_META, "Invalid params: _meta." + McpNames.META_PROTOCOL_VERSION
          + (version == null ? " is required (or send initialize to start a legacy session)" : " must be a string"));
    }
    String headerVersion = headers.get(McpNames.KEY_PROTOCOL_VERSION);
    if (headerVersion == null) {
      throw mismatch("required header " + McpNames.HEADER_PROTOCOL_VERSION + " is missing");
    }
    if (!headerVersion.equals(bodyVersion)) {
      throw mismatch(McpNames.HEADER_PROTOCOL_VERSION + " header value '" + headerVersion
          + "' does not match body value '" + bodyVersion + "'");
    }
    if (!ProtocolVersions.isModern(bodyVersion)) {
      throw unsupported(bodyVersion);
    }
    checkHeader(headers, McpNames.KEY_METHOD, msg.method());
    String nameParam = McpNames.nameParamOf(msg.method());
    if (nameParam != null) {
      Object name = msg.params().getValue(nameParam);
      if (!(name instanceof String s)) {
        throw new McpError(ErrorKind.INVALID_PARAMS, "Invalid params: '" + nameParam + "' must be a string");
      }
      checkHeader(headers, McpNames.KEY_NAME, s);
    }
    if (!(meta.getValue(McpNames.META_CLIENT_CAPABILITIES) instanceof JsonObject)) {
      throw new McpError(ErrorKind.MISSING_META, "Invalid params: _meta." + McpNames.META_CLIENT_CAPABILITIES
          + " is required and must be an object");
    }
    Object info = meta.getValue(McpNames.META_CLIENT_INFO);
    if (info != null && !(info instanceof JsonObject)) {
      throw new McpError(ErrorKind.INVALID_PARAMS, "Invalid params: _meta." + McpNames.META_CLIENT_INFO
          + " must be an object");
    }
    return bodyVersion;
  }

  private static void checkHeader(MultiMap headers, CharSequence header, String bodyValue) {
    String raw = headers.get(header);
    if (raw == null) {
      throw mismatch("required header " + header + " is missing");
    }
    String value = HeaderValues.decode(raw);
    if (value == null) {
      throw mismatch(header + " header value is not valid (bad =?base64?...?= encoding)");
    }
    if (!value.equals(bodyValue)) {
      throw mismatch(header + " header value '" + value + "' does not match body value '" + bodyValue + "'");
    }
  }

  private static Object metaVersion(JsonRpcMessage msg) {
    if (msg.params() == null || !(msg.params().getValue(McpNames.META) instanceof JsonObject meta)) {
      return null;
    }
    return meta.getValue(McpNames.META_PROTOCOL_VERSION);
  }

  private static McpError mismatch(String what) {
    return new McpError(ErrorKind.HEADER_MISMATCH, "Header mismatch: " + what);
  }

  static McpError unsupported(String requested) {
    return new McpError(ErrorKind.UNSUPPORTED_PROTOCOL_VERSION, "Unsupported protocol version: " + requested,
        new JsonObject().put("supported", new JsonArray(ProtocolVersions.ALL)).put("requested", requested));
  }
}
