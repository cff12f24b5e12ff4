package dev.switchboard.protocol;

import io.vertx.core.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Method names, _meta keys and header names of the MCP wire protocol, spelled once. */
public final class McpNames {
  public static final String META = "_meta";
  public static final String META_PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
  public static final String META_CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
  public static final String META_CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
  public static final String META_SERVER_INFO = "io.modelcontextprotocol/serverInfo";
  public static final String META_SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";
  public static final String META_LOG_LEVEL = "io.modelcontextprotocol/logLevel";

  public static final String HEADER_PROTOCOL_VERSION = "MCP-Protocol-Version";
  public static final String HEADER_SESSION_ID = "Mcp-Session-Id";
  public static final String HEADER_METHOD = "Mcp-Method";
  public static final String HEADER_NAME = "Mcp-Name";
  public static final String HEADER_LAST_EVENT_ID = "Last-Event-ID";

  /**
   * The headers looked up or sent on every call, as Vert.x keys that carry their hash: a plain String
   * name is hashed character by character on each lookup.
   */
  public static final CharSequence KEY_PROTOCOL_VERSION = HttpHeaders.createOptimized(HEADER_PROTOCOL_VERSION);
  public static final CharSequence KEY_SESSION_ID = HttpHeaders.createOptimized(HEADER_SESSION_ID);
  public static final CharSequence KEY_METHOD = HttpHeaders.createOptimized(HEADER_METHOD);
  public static final CharSequence KEY_NAME = HttpHeaders.createOptimized(HEADER_NAME);

  public static final String INITIALIZE = "initialize";
  public static final String INITIALIZED = "notifications/initialized";
  public static final String PING = "ping";
  public static final String DISCOVER = "server/discover";
  public static final String LISTEN = "subscriptions/listen";
  public static final String TOOLS_LIST = "tools/list";
  public static final String TOOLS_CALL = "tools/call";
  public static final String PROMPTS_LIST = "prompts/list";
  public static final String PROMPTS_GET = "prompts/get";
  public static final String RESOURCES_LIST = "resources/list";
  public static final String RESOURCE_TEMPLATES_LIST = "resources/templates/list";
  public static final String RESOURCES_READ = "resources/read";
  public static final String RESOURCES_SUBSCRIBE = "resources/subscribe";
  public static final String RESOURCES_UNSUBSCRIBE = "resources/unsubscribe";
  public static final String COMPLETE = "completion/complete";
  public static final String SET_LOG_LEVEL = "logging/setLevel";
  public static final String CANCELLED = "notifications/cancelled";
  public static final String PROGRESS = "notifications/progress";
  public static final String LOG_MESSAGE = "notifications/message";
  /** RFC 5424 severities in the order of {@code LoggingLevel}, least severe first. */
  public static final java.util.List<String> LOG_LEVELS = java.util.List.of("debug", "info", "notice", "warning",
      "error", "critical", "alert", "emergency");

  private McpNames() {}

  /** The four list methods (tools, prompts, resources, resource templates). */
  public static boolean isList(String method) {
    return switch (method) {
      case TOOLS_LIST, PROMPTS_LIST, RESOURCES_LIST, RESOURCE_TEMPLATES_LIST -> true;
      default -> false;
    };
  }

  /** Methods whose request names one tool, prompt or resource (mirrored in {@code Mcp-Name}). */
  public static String nameParamOf(String method) {
    return switch (method) {
      case TOOLS_CALL, PROMPTS_GET -> "name";
      case RESOURCES_READ -> "uri";
      default -> null;
    };
  }

  /** A header value as 2026-07-28 wants it: plain when safe, else {@code =?base64?…?=}. */
  public static String headerValue(String value) {
    boolean plain = !value.isEmpty() && !value.startsWith(" ") && !value.endsWith(" ")
        && !(value.startsWith("=?base64?") && value.endsWith("?="))
        && value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
    return plain ? value
        : "=?base64?" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "?=";
  }

  private static final java.util.Set<String> REQUEST_METHODS = java.util.Set.of(INITIALIZE, PING, DISCOVER,
      TOOLS_LIST, TOOLS_CALL, PROMPTS_LIST, PROMPTS_GET, RESOURCES_LIST, RESOURCE_TEMPLATES_LIST, RESOURCES_READ,
      RESOURCES_SUBSCRIBE, RESOURCES_UNSUBSCRIBE, COMPLETE, SET_LOG_LEVEL, LISTEN);

  /**
   * A client's method as it may be named in metrics, span names and log lines: one of the protocol's own, else
   * {@code other}. What a client sends is unbounded (cardinality) and may hold anything (a line break in a log).
   */
  public static String bounded(String method) {
    return REQUEST_METHODS.contains(method) ? method : "other";
  }
}
