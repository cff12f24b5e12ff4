package dev.switchboard.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.protocol.Era;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.JsonRpc;
import dev.switchboard.protocol.JsonRpcMessage;
import dev.switchboard.protocol.McpError;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class EraDetectorTest {
  private static final JsonObject META = new JsonObject()
      .put("io.modelcontextprotocol/protocolVersion", "2026-07-28")
      .put("io.modelcontextprotocol/clientCapabilities", new JsonObject());

  private static JsonRpcMessage call(String method, JsonObject params) {
    return JsonRpc.classify(new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", method).put("params", params));
  }

  private static MultiMap headers(String... kv) {
    MultiMap h = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < kv.length; i += 2) {
      h.add(kv[i], kv[i + 1]);
    }
    return h;
  }

  private static McpError failure(MultiMap h, JsonRpcMessage m) {
    return catchThrowableOfType(McpError.class, () -> EraDetector.detect(h, m));
  }

  @Test
  void initializeIsLegacyEvenWithoutHeaders() {
    assertThat(EraDetector.detect(headers(), call("initialize", new JsonObject())).era()).isEqualTo(Era.LEGACY);
  }

  @Test
  void methodsRemovedIn20260728AreNotFoundInThatEraButServedInALegacySession() {
    for (String method : new String[] {"initialize", "ping", "logging/setLevel", "resources/subscribe",
        "resources/unsubscribe"}) {
      McpError e = failure(headers("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", method),
          call(method, new JsonObject().put("uri", "x://y").put("_meta", META)));
      assertThat(e).as(method).isNotNull();
      assertThat(e.kind()).as(method).isEqualTo(ErrorKind.METHOD_NOT_FOUND);
      assertThat(e.getMessage()).contains(method + " was removed in 2026-07-28");
      if (!method.equals("initialize")) {
        assertThat(EraDetector.detect(headers("Mcp-Session-Id", "abc", "MCP-Protocol-Version", "2025-11-25"),
            call(method, new JsonObject())).era()).as(method).isEqualTo(Era.LEGACY);
      }
    }
    // The modern version in _meta, or in the header, makes an initialize a modern one, held to that era's rules
    assertThat(failure(headers(), call("initialize", new JsonObject().put("_meta", META))).kind())
        .isEqualTo(ErrorKind.HEADER_MISMATCH);
    assertThat(failure(headers("MCP-Protocol-Version", "2026-07-28"), call("initialize", new JsonObject())).kind())
        .isEqualTo(ErrorKind.MISSING_META);
  }

  @Test
  void aSessionHeaderMeansLegacyWithTheNegotiatedVersion() {
    var d = EraDetector.detect(headers("Mcp-Session-Id", "abc", "MCP-Protocol-Version", "2025-06-18"),
        call("tools/list", new JsonObject()));
    assertThat(d.era()).isEqualTo(Era.LEGACY);
    assertThat(d.protocolVersion()).isEqualTo("2025-06-18");
  }

  @Test
  void legacyWithoutSessionIsRefused() {
    assertThat(failure(headers("MCP-Protocol-Version", "2025-11-25"), call("tools/list", new JsonObject())).kind())
        .isEqualTo(ErrorKind.SESSION_REQUIRED);
  }

  @Test
  void aWellFormedModernRequestIsAccepted() {
    var d = EraDetector.detect(headers("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call", "Mcp-Name", "echo"),
        call("tools/call", new JsonObject().put("name", "echo").put("_meta", META)));
    assertThat(d.era()).isEqualTo(Era.MODERN);
    assertThat(d.protocolVersion()).isEqualTo("2026-07-28");
  }

  @Test
  void base64EncodedNamesAreDecodedBeforeComparison() {
    String name = "größe ✓";
    String encoded = "=?base64?" + Base64.getEncoder().encodeToString(name.getBytes(StandardCharsets.UTF_8)) + "?=";
    var d = EraDetector.detect(headers("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "prompts/get", "Mcp-Name", encoded),
        call("prompts/get", new JsonObject().put("name", name).put("_meta", META)));
    assertThat(d.era()).isEqualTo(Era.MODERN);
  }

  @Test
  void missingMetaIsInvalidParams() {
    McpError e = failure(headers("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/list"),
        call("tools/list", new JsonObject()));
    assertThat(e.kind()).isEqualTo(ErrorKind.MISSING_META);
    assertThat(e.code()).isEqualTo(-32602);
  }

  @Test
  void aRequestWithNoVersionAnywhereIsTakenAsModernAndMissingMeta() {
    // no MCP-Protocol-Version, no _meta, no session: once a NullPointerException, answered 500
    McpError e = failure(headers(), call("tools/list", new JsonObject()));
    assertThat(e.kind()).isEqualTo(ErrorKind.MISSING_META);
    JsonRpcMessage note = JsonRpc.classify(new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/x"));
    assertThat(EraDetector.detect(headers(), note).era()).isEqualTo(Era.MODERN);
  }

  @Test
  void missingClientCapabilitiesIsInvalidParams() {
    JsonObject meta = new JsonObject().put("io.modelcontextprotocol/protocolVersion", "2026-07-28");
    McpError e = failure(headers("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "ping"),
        call("ping", new JsonObject().put("_meta", meta)));
    assertThat(e.code()).isEqualTo(-32602);
    assertThat(e.getMessage()).contains("clientCapabilities");
  }

  @Test
  void headersThatDisagreeWithTheBodyAreHeaderMismatch() {
    JsonObject p = new JsonObject().put("name", "echo").put("_meta", META);
    assertThat(failure(headers("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/list", "Mcp-Name", "echo"),
        call("tools/call", p)).code()).isEqualTo(-32020);
    assertThat(failure(headers("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call", "Mcp-Name", "other"),
        call("tools/call", p)).code()).isEqualTo(-32020);
    assertThat(failure(headers("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call"),
        call("tools/call", p)).getMessage()).contains("Mcp-Name");
    assertThat(failure(headers("Mcp-Method", "tools/call", "Mcp-Name", "echo"), call("tools/call", p)).getMessage())
        .contains("MCP-Protocol-Version");
    assertThat(failure(headers("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call", "Mcp-Name", "=?base64?***?="),
        call("tools/call", p)).code()).isEqualTo(-32020);
  }

  @Test
  void versionHeaderThatDisagreesWithMetaIsHeaderMismatch() {
    McpError e = failure(headers("MCP-Protocol-Version", "2025-11-25", "Mcp-Method", "ping"),
        call("ping", new JsonObject().put("_meta", META)));
    assertThat(e.code()).isEqualTo(-32020);
  }

  @Test
  void unsupportedVersionsNameTheSupportedOnes() {
    JsonObject meta = META.copy().put("io.modelcontextprotocol/protocolVersion", "2099-01-01");
    McpError e = failure(headers("MCP-Protocol-Version", "2099-01-01", "Mcp-Method", "ping"),
        call("ping", new JsonObject().put("_meta", meta)));
    assertThat(e.code()).isEqualTo(-32022);
    assertThat(e.kind().httpStatus()).isEqualTo(400);
    assertThat(((JsonObject) e.data()).getJsonArray("supported").getList()).contains("2026-07-28", "2025-11-25");
    assertThat(failure(headers("MCP-Protocol-Version", "1900-01-01"), call("ping", new JsonObject())).code())
        .isEqualTo(-32022);
  }
}
