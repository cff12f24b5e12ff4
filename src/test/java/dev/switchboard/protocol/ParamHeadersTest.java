package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** {@code x-mcp-header} as the 2026-07-28 Streamable HTTP transport defines it, with the spec's own examples. */
class ParamHeadersTest {
  private static JsonObject schema(String json) {
    return new JsonObject(json);
  }

  @Test
  void annotatedValuesAreMirroredEncodedAsTheSpecsTableSaysAndAbsentOrNullOnesAreNot() {
    var params = ParamHeaders.of(schema("""
        {"type": "object", "properties": {
          "region": {"type": "string", "x-mcp-header": "Region"},
          "greeting": {"type": "string", "x-mcp-header": "Greeting"},
          "text": {"type": "string", "x-mcp-header": "Text"},
          "val": {"type": "string", "x-mcp-header": "Val"},
          "count": {"type": "integer", "x-mcp-header": "Count"},
          "dry": {"type": "boolean", "x-mcp-header": "Dry"},
          "opts": {"type": "object", "properties": {"tenant": {"type": "string", "x-mcp-header": "Tenant"}}},
          "query": {"type": "string"}}}"""));

    var headers = ParamHeaders.headers(params, new JsonObject().put("region", "us-west1").put("greeting", "Hello, 世界")
        .put("text", " padded ").put("val", "=?base64?literal?=").put("count", 42).put("dry", false)
        .put("opts", new JsonObject().putNull("tenant")).put("query", "SELECT 1"));

    assertThat(headers).containsExactly(
        java.util.Map.entry("Mcp-Param-Region", "us-west1"),
        java.util.Map.entry("Mcp-Param-Greeting", "=?base64?SGVsbG8sIOS4lueVjA==?="),
        java.util.Map.entry("Mcp-Param-Text", "=?base64?IHBhZGRlZCA=?="),
        java.util.Map.entry("Mcp-Param-Val", "=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?="),
        java.util.Map.entry("Mcp-Param-Count", "42"),
        java.util.Map.entry("Mcp-Param-Dry", "false")); // tenant is null: no header; query is not annotated
  }

  @Test
  void anAnnotationThatBreaksARuleMakesTheToolInvalid() {
    assertThatThrownBy(() -> ParamHeaders.of(schema("""
        {"properties": {"n": {"type": "number", "x-mcp-header": "N"}}}"""))).hasMessageContaining("not string, integer");
    assertThatThrownBy(() -> ParamHeaders.of(schema("""
        {"properties": {"a": {"type": "array", "items": {"type": "string", "x-mcp-header": "A"}}}}""")))
        .hasMessageContaining("not reachable");
    assertThatThrownBy(() -> ParamHeaders.of(schema("""
        {"properties": {"a": {"type": "string", "x-mcp-header": "Region"}, "b": {"type": "string", "x-mcp-header": "region"}}}""")))
        .hasMessageContaining("used twice");
    assertThatThrownBy(() -> ParamHeaders.of(schema("""
        {"properties": {"a": {"type": "string", "x-mcp-header": "Bad Name"}}}"""))).hasMessageContaining("HTTP token");
    assertThatThrownBy(() -> ParamHeaders.of(schema("""
        {"oneOf": [{"properties": {"a": {"type": "string", "x-mcp-header": "A"}}}]}"""))).hasMessageContaining("not reachable");
    assertThat(ParamHeaders.of(schema("{\"type\": \"object\", \"properties\": {\"q\": {\"type\": \"string\"}}}"))).isEmpty();
  }

  @Test
  void asAServerHeadersMustAgreeWithTheBodyDecodedAndNumericallyAndBeSentWhenTheBodyHasAValue() {
    var params = ParamHeaders.of(schema("""
        {"properties": {"region": {"type": "string", "x-mcp-header": "Region"},
                        "count": {"type": "integer", "x-mcp-header": "Count"}}}"""));
    JsonObject args = new JsonObject().put("region", "Hello, 世界").put("count", 42);
    java.util.function.Function<java.util.Map<String, String>, String> check = sent -> ParamHeaders.mismatch(params,
        args, name -> sent.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(java.util.Map.Entry::getValue)
            .findFirst().orElse(null));

    assertThat(check.apply(java.util.Map.of("mcp-param-region", "=?base64?SGVsbG8sIOS4lueVjA==?=",
        "Mcp-Param-Count", "42.0"))).isNull();
    assertThat(check.apply(java.util.Map.of("Mcp-Param-Count", "42"))).contains("Mcp-Param-Region header is missing");
    assertThat(check.apply(java.util.Map.of("Mcp-Param-Region", "Hello", "Mcp-Param-Count", "42")))
        .contains("does not match");
    assertThat(check.apply(java.util.Map.of("Mcp-Param-Region", "=?base64?not base64!?=", "Mcp-Param-Count", "42")))
        .contains("does not match");
    assertThat(ParamHeaders.mismatch(params, new JsonObject().put("count", 1), name -> name.equals("Mcp-Param-Region")
        ? "x" : name.equals("Mcp-Param-Count") ? "1" : null)).contains("no value for 'region'");
  }
}
