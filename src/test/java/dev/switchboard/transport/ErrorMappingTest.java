package dev.switchboard.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Era;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The one error mapping, pinned: every error kind's HTTP status and JSON-RPC code, for a client of each era
 * ({@code error-mapping.golden}). A change to the mapping shows here as a diff to review, never by accident.
 */
class ErrorMappingTest {
  private static String mapping() {
    StringBuilder out = new StringBuilder("# kind: legacy status/code, modern status/code\n");
    for (ErrorKind kind : ErrorKind.values()) {
      McpError e = new McpError(kind, "x");
      out.append(kind).append(": ").append(wire(e, Era.LEGACY)).append(", ").append(wire(e, Era.MODERN)).append('\n');
    }
    Map<String, McpError> backend = new LinkedHashMap<>();
    backend.put("BACKEND -32601 (2025-era backend)", McpError.fromBackend(new JsonObject().put("code", -32601)));
    backend.put("BACKEND -32021 (2025-era backend)", McpError.fromBackend(new JsonObject().put("code", -32021)));
    backend.put("BACKEND -32021 HTTP 400 (2026-07-28 backend)",
        McpError.fromBackend(new JsonObject().put("code", -32021), 400));
    backend.put("BACKEND -32000 HTTP 503 (2026-07-28 backend)",
        McpError.fromBackend(new JsonObject().put("code", -32000), 503));
    backend.put("BACKEND -32002 (resource not found, old code)", McpError.fromBackend(new JsonObject().put("code", -32002)));
    backend.forEach((what, e) -> out.append(what).append(": ").append(wire(e, Era.LEGACY)).append(", ")
        .append(wire(e, Era.MODERN)).append('\n'));
    return out.toString();
  }

  private static String wire(McpError e, Era era) {
    return ErrorWriter.status(e, era) + "/" + e.toJsonRpc(era).getInteger("code");
  }

  @Test
  void everyErrorKindMapsToTheStatusAndCodeOnRecord() throws IOException {
    try (InputStream in = ErrorMappingTest.class.getResourceAsStream("/error-mapping.golden")) {
      assertThat(in).as("src/test/resources/error-mapping.golden; its content would be:\n" + mapping()).isNotNull();
      assertThat(mapping()).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
