package dev.switchboard.audit;

import dev.switchboard.config.AuditConfig;
import dev.switchboard.identity.Caller;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.LegacySession;
import dev.switchboard.pipeline.Outcome;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.McpNames;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Turns what happened into the body of one record (format {@value AuditChain#FORMAT}; field names in the
 * docs/audit.md). {@code seq}, {@code time} as text and {@code prev} are filled in by the writer, in order.
 */
final class AuditEvents {
  /**
   * How much of a text a client or a backend chose a record keeps: names (a method, a requested tool, the
   * client's name and version) and messages (an error's, a refusal's reason). One call may only add its own
   * arguments to the trail, capped apart ({@code audit.maxArgumentBytes}); a client name of megabytes was
   * written again in every record of its session.
   */
  private static final int MAX_NAME = 256;
  private static final int MAX_MESSAGE = 1024;
  static final Set<String> CALLS = Set.of(McpNames.TOOLS_CALL, McpNames.RESOURCES_READ, McpNames.PROMPTS_GET);
  static final Set<String> LISTS = Set.of(McpNames.TOOLS_LIST, McpNames.PROMPTS_LIST, McpNames.RESOURCES_LIST,
      McpNames.RESOURCE_TEMPLATES_LIST);
  private static final int RECORD_CAPACITY = 64;
  private final String instance;
  private final ArgumentPolicy arguments;
  private final boolean listCalls;

  AuditEvents(String instance, AuditConfig config) {
    this.instance = instance;
    this.arguments = new ArgumentPolicy(config);
    this.listCalls = config.listCalls();
  }

  /** The record for a finished exchange, or null when this kind of exchange is not audited. */
  JsonObject exchange(Exchange ex, JsonObject result) {
    String type = typeOf(ex);
    if (type == null) {
      return null;
    }
    JsonObject r = start(type);
    caller(r, ex.caller(), ex.http() == null ? null : String.valueOf(ex.http().remoteAddress()));
    r.put("client", client(ex.clientInfo()));
    r.put("era", ex.era().label()).put("protocolVersion", ex.protocolVersion());
    if (ex.session() != null) {
      r.put("session", ex.session().hashedId());
    }
    r.put("method", clipped(ex.method(), MAX_NAME));
    if (ex.target() != null) {
      r.put("backend", ex.target().backend())
          .put("kind", ex.target().kind().name().toLowerCase(java.util.Locale.ROOT))
          .put("name", ex.target().exposedName());
    } else if (ex.caller() != null) { // a name the hub does not offer: who probes for what is worth knowing
      String asked = requestedName(ex);
      if (asked != null) {
        r.put("name", asked);
      }
    }
    if (CALLS.contains(ex.method())) {
      r.put("arguments", new Later(ex.params().getValue("arguments"))); // rendered on the writer thread
    }
    r.put("decision", decision(ex));
    r.put("outcome", outcome(ex));
    r.put("latencyMs", Math.round(ex.durationNanos() / 1_000.0) / 1_000.0);
    r.put("bytesIn", ex.bytesIn());
    r.put("bytesOut", result == null ? 0 : new Later(result)); // measured on the writer thread
    String traceId = ex.span().traceId();
    if (!traceId.isEmpty()) {
      r.put("traceId", traceId); // from a record to its trace
    }
    return r;
  }

  /**
   * Work a record defers from the event loop to the writer thread: encoding the result to measure it,
   * and copying and redacting the arguments. Safe to defer: the call's response waits for its record.
   */
  private record Later(Object value) {}

  /** Finishes a record's deferred fields; a finished record is left as it is. */
  void complete(JsonObject r) {
    complete(r, value -> Json.encodeToBuffer(value).length()); // the wire form, as the writer measures
  }

  /** Finishes a record's deferred fields, measuring arguments and result with {@code encodedLength} (the writer's). */
  void complete(JsonObject r, ToIntFunction<Object> encodedLength) {
    if (r.getValue("arguments") instanceof Later later) {
      r.put("arguments", arguments.render(later.value(), encodedLength));
    }
    if (r.getValue("bytesOut") instanceof Later later) {
      r.put("bytesOut", encodedLength.applyAsInt(later.value()));
    }
  }

  JsonObject sessionEnd(LegacySession s, String reason) {
    JsonObject r = start("session_end");
    caller(r, s.caller(), null);
    return r.put("client", client(s.clientInfo())).put("era", "legacy").put("protocolVersion", s.protocolVersion())
        .put("session", s.hashedId()).put("reason", reason);
  }

  /** An identity failure on a request that never became an exchange (GET, DELETE, a refused listen). */
  JsonObject identityFailure(String address, String what, String reason) {
    JsonObject r = start("identity_failure");
    caller(r, null, address);
    return r.put("method", clipped(what, MAX_NAME)).put("decision", new JsonObject().put("result", "refused")
        .put("reason", clipped(reason, MAX_MESSAGE)));
  }

  /** Refusals counted beyond their budget ({@link RefusalBudget}): who, why, how many, first and last. */
  JsonObject refusalSummary(JsonObject summary) {
    return start("refusals_summarized").mergeIn(summary);
  }

  JsonObject backendState(String backend, String state, String detail) {
    return start("backend_state").put("backend", backend).put("state", state).put("detail", detail);
  }

  JsonObject hub(String type, JsonObject details) {
    return start(type).mergeIn(details);
  }

  /**
   * What is written in place of a record that could not be encoded: its place in the chain, its plain
   * top-level fields (who, what, which backend) and the error.
   */
  JsonObject unrecordable(JsonObject failed, String error) {
    JsonObject r = new JsonObject();
    failed.forEach(e -> {
      Object v = e.getValue();
      boolean plain = v == null || v instanceof String || v instanceof Number || v instanceof Boolean;
      if (plain && !e.getKey().equals("prev")) {
        r.put(e.getKey(), v);
      }
    });
    return r.put("type", "unrecordable").put("recordType", failed.getValue("type")).put("error", error)
        .put("prev", failed.getValue("prev")); // last, as in every record
  }

  JsonObject checkpoint(String reason) {
    return start("checkpoint").put("reason", reason);
  }

  private JsonObject start(String type) {
    // A call's record has about 26 fields: a table sized for them is not rebuilt twice while it is filled.
    return new JsonObject(new LinkedHashMap<>(RECORD_CAPACITY)).put("v", AuditChain.FORMAT).put("seq", 0L)
        .put("time", System.currentTimeMillis()).put("type", type).put("instance", instance);
  }

  private String typeOf(Exchange ex) {
    switch (ex.outcome()) {
      case IDENTITY_FAILURE:
        return "identity_failure";
      case AUDIT_UNAVAILABLE:
        return null;
      case DENIED:
        return "denied";
      case RATE_LIMITED:
        return "rate_limited";
      default:
        break;
    }
    if (McpNames.INITIALIZE.equals(ex.method())) {
      return ex.session() != null && ex.outcome() == Outcome.OK ? "session_start" : null;
    }
    if (CALLS.contains(ex.method())) {
      return "call";
    }
    return LISTS.contains(ex.method()) && listCalls ? "list" : null;
  }

  private static void caller(JsonObject r, Caller c, String fallbackAddress) {
    if (c == null) {
      r.put("user", null).put("address", fallbackAddress);
      return;
    }
    r.put("user", c.login()).put("displayName", c.displayName()).put("node", c.node())
        .put("tags", new JsonArray(c.tags())).put("address", c.address() != null ? c.address() : fallbackAddress)
        .put("identitySource", c.source());
  }

  private static JsonObject decision(Exchange ex) {
    McpError e = ex.error();
    return switch (ex.outcome()) {
      case DENIED -> new JsonObject().put("result", "denied").put("reason", ex.denial());
      case RATE_LIMITED -> {
        JsonObject d = new JsonObject().put("result", "rate_limited");
        if (e.data() instanceof JsonObject data) {
          d.put("limit", data.getValue("limit")).put("retryAfterMs", data.getValue("retryAfterMs"));
        }
        yield d;
      }
      case IDENTITY_FAILURE -> new JsonObject().put("result", "refused").put("reason", clipped(e.getMessage(), MAX_MESSAGE));
      case UNKNOWN_NAME -> new JsonObject().put("result", "unknown"); // nothing by that name (names denied are "denied")
      default -> new JsonObject().put("result", "allowed");
    };
  }

  /** The name or URI a call asked for, as the client sent it (at most {@value #MAX_NAME} characters). */
  private static String requestedName(Exchange ex) {
    String key = McpNames.nameParamOf(ex.method());
    if (key == null || !(ex.params().getValue(key) instanceof String name)) {
      return null;
    }
    return clipped(name, MAX_NAME);
  }

  private static JsonObject client(JsonObject info) {
    return new JsonObject().put("name", clipped(info.getString("name"), MAX_NAME))
        .put("version", clipped(info.getString("version"), MAX_NAME));
  }

  /** At most {@code max} characters of {@code text} (never half of a surrogate pair), marked when cut. */
  static String clipped(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return text.substring(0, end) + "…";
  }

  private static JsonObject outcome(Exchange ex) {
    String result = switch (ex.outcome()) {
      case OK -> "ok";
      case TOOL_ERROR -> "tool_error";
      case TIMEOUT -> "timeout";
      case CANCELLED -> "cancelled";
      default -> "error";
    };
    JsonObject outcome = new JsonObject().put("result", result);
    McpError e = ex.error();
    return e == null ? outcome : outcome.put("code", e.code()).put("message", clipped(e.getMessage(), MAX_MESSAGE));
  }
}
