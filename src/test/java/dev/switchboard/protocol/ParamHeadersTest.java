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

    assertThat(check(params, args, "mcp-param-region", "=?base64?SGVsbG8sIOS4lueVjA==?=", "Mcp-Param-Count", "42.0"))
        .isNull();
    assertThat(check(params, args, "Mcp-Param-Count", "42")).contains("Mcp-Param-Region header is missing");
    assertThat(check(params, args, "Mcp-Param-Region", "Hello", "Mcp-Param-Count", "42")).contains("does not match");
    assertThat(check(params, args, "Mcp-Param-Region", "=?base64?not base64!?=", "Mcp-Param-Count", "42"))
        .contains("does not match");
    assertThat(check(params, new JsonObject().put("count", 1), "Mcp-Param-Region", "x", "Mcp-Param-Count", "1"))
        .contains("no value for 'region'");
    assertThat(check(params, args, "Mcp-Param-Region", "=?base64?SGVsbG8sIOS4lueVjA==?=", "Mcp-Param-Count", "42",
        "mcp-param-count", "43")).contains("sent more than once");
    assertThat(check(params, args, "Mcp-Param-Region", "Hello, \u00e4", "Mcp-Param-Count", "42"))
        .contains("characters a header value may not have");
  }

  @Test
  void onlyIntegersCompareAsNumbersAndOnlySafeOnesAreMirrored() {
    var params = ParamHeaders.of(schema("""
        {"properties": {"code": {"type": "string", "x-mcp-header": "Code"},
                        "n": {"type": "integer", "x-mcp-header": "N"}}}"""));

    assertThat(check(params, new JsonObject().put("code", "007"), "Mcp-Param-Code", "7")).contains("does not match");
    assertThat(ParamHeaders.headers(params, new JsonObject().put("n", new java.math.BigInteger("18446744073709551617"))))
        .isEmpty(); // beyond 2^53: no header (it was truncated to 1)
    assertThat(ParamHeaders.headers(params, new JsonObject().put("n", 1.5))).isEmpty();
    assertThat(ParamHeaders.headers(params, new JsonObject().put("code", 7))).isEmpty(); // not a string: not mirrored
    assertThat(ParamHeaders.of(schema("""
        {"properties": {"q": {"type": "object", "examples": [{"x-mcp-header": "NotASchema"}]}}}"""))).isEmpty();
  }

  /** The mismatch, if any, for these arguments and these headers (names matched ignoring case, as HTTP does). */
  private static String check(java.util.List<ParamHeaders.Param> params, JsonObject args, String... headers) {
    return ParamHeaders.mismatch(params, args, name -> {
      java.util.List<String> values = new java.util.ArrayList<>();
      for (int i = 0; i < headers.length; i += 2) {
        if (headers[i].equalsIgnoreCase(name)) {
          values.add(headers[i + 1]);
        }
      }
      return values;
    });
  }
}
