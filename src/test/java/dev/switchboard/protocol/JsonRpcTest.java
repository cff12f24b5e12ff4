package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class JsonRpcTest {
  private static JsonRpcMessage decode(String s) {
    return JsonRpc.decode(Buffer.buffer(s));
  }

  private static ErrorKind kindOf(String s) {
    try {
      decode(s);
      throw new AssertionError("expected failure for " + s);
    } catch (McpError e) {
      return e.kind();
    }
  }

  @Test
  void vertxEncodesJsonWithTheStreamingCodecNotDataBinding() {
    // Registered as a service (META-INF/services); data binding cost a serializer set-up per message.
    assertThat(io.vertx.core.json.Json.CODEC).isInstanceOf(io.vertx.core.json.jackson.JacksonCodec.class)
        .isNotInstanceOf(io.vertx.core.json.jackson.DatabindCodec.class);
    JsonObject m = new JsonObject().put("a", 1).put("b", new io.vertx.core.json.JsonArray().add("x").add(2.5))
        .put("c", new JsonObject().put("d", true).putNull("e")).put("u", "é\u2028\"");
    assertThat(new JsonObject(m.toBuffer())).isEqualTo(m);
    assertThat(m.encode()).isEqualTo("{\"a\":1,\"b\":[\"x\",2.5],\"c\":{\"d\":true,\"e\":null},\"u\":\"é\u2028\\\"\"}");
  }

  @Test
  void classifiesRequestsNotificationsAndResponses() {
    assertThat(decode("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").isRequest()).isTrue();
    assertThat(decode("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"ping\"}").id()).isEqualTo("a");
    assertThat(decode("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").isNotification()).isTrue();
    assertThat(decode("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}").isResponse()).isTrue();
    assertThat(decode("{\"jsonrpc\":\"2.0\",\"id\":4,\"error\":{\"code\":1,\"message\":\"x\"}}").isResponse()).isTrue();
  }

  @Test
  void requestWithoutParamsGetsEmptyParams() {
    assertThat(decode("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").params()).isEqualTo(new JsonObject());
  }

  @Test
  void malformedJsonIsAParseError() {
    assertThat(kindOf("{not json")).isEqualTo(ErrorKind.PARSE_ERROR);
    assertThat(kindOf("")).isEqualTo(ErrorKind.PARSE_ERROR);
  }

  /** The message of the error {@code body} is refused with, which must be of {@code kind}. */
  private static String errorOf(ErrorKind kind, String body) {
    try {
      decode(body);
      throw new AssertionError("expected " + kind + " for " + body);
    } catch (McpError e) {
      assertThat(e.kind()).isEqualTo(kind);
      return e.getMessage();
    }
  }

  private static String parseErrorOf(String body) {
    return errorOf(ErrorKind.PARSE_ERROR, body);
  }

  @Test
  void aParseErrorSaysWhatIsWrongAndWhere() {
    assertThat(parseErrorOf("{\"jsonrpc\": }")).startsWith("Parse error: body is not valid JSON: ")
        .contains("Unexpected character ('}'").contains("(line 1, column 13)").doesNotContain("Source");
    assertThat(parseErrorOf("{\"jsonrpc\":\"2.0\",\n \"id\":1,\n \"params\":{\"a\":[1,2")).contains("end-of-input")
        .contains("line 3").doesNotContain("start marker").doesNotContain("Source");
    assertThat(parseErrorOf("{\"a\":1} {}")).contains("more after the end of the JSON value (line 1, column 9)");
    assertThat(parseErrorOf("{\"a\":1} x")).contains("Unrecognized token 'x'").contains("(line 1, column 10)");
    assertThat(parseErrorOf("")).endsWith("the body is empty");
    assertThat(parseErrorOf("[".repeat(2000) + "]".repeat(2000))).contains("nesting depth");
    assertThat(parseErrorOf("{\"a\":\"" + "x".repeat(500) + "}")).hasSizeLessThan(300);
  }

  private static String invalidRequestOf(String body) {
    return errorOf(ErrorKind.INVALID_REQUEST, body);
  }

  @Test
  void aNameTwiceInOneObjectIsAnInvalidRequestThatSaysWhere() {
    assertThat(invalidRequestOf("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"method\":\"tools/call\"}"))
        .startsWith("Invalid Request: the name 'method' appears twice in one object (at /method, line 1, column ")
        .endsWith("parsers disagree about what that means, so the hub takes no message with it (RFC 7493)");
    assertThat(invalidRequestOf("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"a\","
        + "\"name\":\"b\"}}")).contains("'name'").contains("(at /params/name,");
    // Deep inside the arguments, which the hub keeps as bytes and passes on as received
    assertThat(invalidRequestOf("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"run\","
        + "\"arguments\":{\"steps\":[{\"cmd\":\"rm -rf /\",\"cmd\":\"ls\"}]}}}"))
        .contains("'cmd'").contains("(at /params/arguments/steps/0/cmd,");
    assertThat(invalidRequestOf("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\",\"params\":{\"_meta\":{"
        + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
        + "\"io.modelcontextprotocol/protocolVersion\":\"x\"}}}"))
        .contains("(at /params/_meta/io.modelcontextprotocol~1protocolVersion,");
    // The same name spelled with an escape is the same name
    assertThat(invalidRequestOf("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\","
        + "\"params\":{\"a\":1,\"\\u0061\":2}}"))
        .contains("'a'").contains("(at /params/a,");
  }

  private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
      + "\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"%s\"}}}";

  @Test
  void aStringWithHalfASurrogatePairIsAnInvalidRequestThatSaysWhere() throws Exception {
    assertThat(invalidRequestOf(CALL.formatted("a\\ud800b"))).startsWith("Invalid Request: the string at "
        + "/params/arguments/message holds U+D800, half of a surrogate pair, which is not Unicode text");
    assertThat(invalidRequestOf(CALL.formatted("\\uDC00"))).contains("U+DC00");
    assertThat(invalidRequestOf(CALL.formatted("\\ud83d\\u0041"))).contains("U+D83D"); // not followed by its other half
    assertThat(invalidRequestOf(CALL.formatted("x\\ud83d"))).contains("U+D83D"); // nothing follows it
    assertThat(invalidRequestOf("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"e\","
        + "\"arguments\":{\"\\udfff\":1}}}")).contains("the name at /params/arguments/").contains("U+DFFF");
  }

  /** {@code CALL} with {@code a_b} replaced by raw bytes, each char of {@code latin1} one byte. */
  private static McpError refusedWithBytes(String template, String latin1) {
    String text = template.replace("a_b", latin1);
    return org.junit.jupiter.api.Assertions.assertThrows(McpError.class,
        () -> JsonRpc.decode(Buffer.buffer(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))));
  }

  @Test
  void bytesThatAreNotUtf8AreAParseErrorNamingTheOffset() {
    int at = CALL.indexOf("%s");
    // A surrogate encoded as bytes (ED A0 80), which UTF-8 forbids and Jackson reads all the same
    McpError surrogate = refusedWithBytes(CALL.formatted("a_b"), "a\u00ed\u00a0\u0080b");
    assertThat(surrogate.kind()).isEqualTo(ErrorKind.PARSE_ERROR);
    assertThat(surrogate.getMessage()).contains("0xED at offset " + (at + 1));
    // An overlong "/" (C0 AF): Jackson reads "../" where a backend may see other bytes
    McpError overlong = refusedWithBytes(CALL.formatted("a_b"), "..\u00c0\u00af..");
    assertThat(overlong.kind()).isEqualTo(ErrorKind.PARSE_ERROR);
    assertThat(overlong.getMessage()).contains("0xC0 at offset " + (at + 2));
    // Beyond U+10FFFF (F4 90 80 80), and 0xFF inside an object's name
    assertThat(refusedWithBytes(CALL.formatted("a_b"), "\u00f4\u0090\u0080\u0080").getMessage())
        .contains("0xF4 at offset " + at);
    McpError key = refusedWithBytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"a_b\":1}}", "k\u00ff");
    assertThat(key.kind()).isEqualTo(ErrorKind.PARSE_ERROR);
    assertThat(key.getMessage()).contains("0xFF at offset 52");
    // A sequence cut short at the end of the body
    assertThat(refusedWithBytes("{\"a_b", "\u00e2\u0082").getMessage()).contains("0xE2 at offset 2");
  }

  @Test
  void pairedSurrogatesAndTextThatOnlyLooksLikeAnEscapeAreFine() {
    // An emoji escaped as a pair (Python's json.dumps does this by default), and sent as UTF-8
    assertThat(decode(CALL.formatted("\\ud83d\\ude00")).params().getJsonObject("arguments").getString("message"))
        .isEqualTo("\ud83d\ude00");
    assertThat(decode(CALL.formatted("\ud83d\ude00 \u00ed")).params().getJsonObject("arguments").getString("message"))
        .isEqualTo("\ud83d\ude00 \u00ed");
    // Hangul: U+D55C is encoded ED 95 9C, the lead byte an encoded surrogate would have
    assertThat(decode(CALL.formatted("\ud55c\uae00")).params().getJsonObject("arguments").getString("message"))
        .isEqualTo("\ud55c\uae00");
    // A backslash, then the letters ud800: text, not an escape
    assertThat(decode(CALL.formatted("\\\\ud800")).params().getJsonObject("arguments").getString("message"))
        .isEqualTo("\\ud800");
  }

  @Test
  void theSameNameInDifferentObjectsOrInAnotherCaseIsFine() {
    JsonRpcMessage m = decode("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
        + "\"arguments\":{\"name\":\"x\",\"Name\":\"y\",\"a\":{\"name\":1},\"b\":[{\"name\":2},{\"name\":3}]}}}");
    JsonObject arguments = m.params().getJsonObject("arguments");
    assertThat(arguments.getJsonArray("b").getJsonObject(1).getInteger("name")).isEqualTo(3);
  }

  @Test
  void theIdOfABodyRefusedForARepeatedNameIsStillRead() {
    assertThat(JsonRpc.idOfRefused(Buffer.buffer("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\","
        + "\"params\":{\"arguments\":{\"a\":1,\"a\":2}}}"))).isEqualTo(9);
    assertThat(JsonRpc.idOfRefused(Buffer.buffer("{\"jsonrpc\":\"2.0\",\"id\":9,"))).isNull();
    assertThat(JsonRpc.idOfRefused(Buffer.buffer("[1]"))).isNull();
  }

  @Test
  void backendAnswersAreReadAsBeforeWithTheLastOfARepeatedName() {
    // Only clients' messages are held to unique names; a backend's answer is not refused for it.
    JsonObject answer = (JsonObject) LazyJson.decode(Buffer.buffer("{\"id\":1,\"result\":{\"a\":1,\"a\":2}}"));
    assertThat(answer.getJsonObject("result").getInteger("a")).isEqualTo(2);
  }

  @Test
  void batchesAreRefusedByName() {
    assertThatThrownBy(() -> decode("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]"))
        .isInstanceOf(McpError.class).hasMessageContaining("batches");
  }

  @Test
  void invalidShapesAreInvalidRequests() {
    assertThat(kindOf("42")).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(kindOf("{\"id\":1,\"method\":\"ping\"}")).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(kindOf("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}")).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(kindOf("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}")).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(kindOf("{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}")).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(kindOf("{\"jsonrpc\":\"2.0\",\"id\":1e400,\"method\":\"ping\"}")).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(kindOf("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}")).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(kindOf("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"params\":[1]}")).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(kindOf("{\"jsonrpc\":\"2.0\",\"id\":1}")).isEqualTo(ErrorKind.INVALID_REQUEST);
  }

  @Test
  void integerIdsOfAnySizeAreValidAndEchoedAsSent() {
    assertThat(decode("{\"jsonrpc\":\"2.0\",\"id\":12345678901234567890123,\"method\":\"ping\"}").id())
        .isEqualTo(new java.math.BigInteger("12345678901234567890123"));
    assertThat(decode("{\"jsonrpc\":\"2.0\",\"id\":1.0,\"method\":\"ping\"}").id()).isEqualTo(1.0);
  }

  @Test
  void theIdOfAnInvalidMessageIsKeptWhenItCanBeRead() {
    assertThat(JsonRpc.idOf(JsonRpc.object(Buffer.buffer("{\"jsonrpc\":\"2.0\",\"id\":5,\"params\":[]}")))).isEqualTo(5);
    assertThat(JsonRpc.idOf(JsonRpc.object(Buffer.buffer("{\"id\":\"a\"}")))).isEqualTo("a");
    assertThat(JsonRpc.idOf(JsonRpc.object(Buffer.buffer("{\"id\":1.5}")))).isNull();
    assertThat(JsonRpc.idOf(JsonRpc.object(Buffer.buffer("{\"id\":1e400}")))).isNull();
    assertThat(JsonRpc.idOf(null)).isNull();
  }

  @Test
  void aBackendErrorOfTheWrongShapeIsStillAnError() {
    McpError e = McpError.fromBackend(new JsonObject().put("code", "bad").put("message", new JsonObject()));
    assertThat(e.kind()).isEqualTo(ErrorKind.BACKEND_ERROR); // was a ClassCastException, answered 500
    assertThat(e.code()).isEqualTo(ErrorKind.BACKEND_ERROR.code());
    assertThat(e.getMessage()).isEqualTo("backend error");
    assertThat(McpError.fromBackend(new JsonObject().put("code", -32000).put("message", "busy")).code()).isEqualTo(-32000);
    assertThat(McpError.fromBackend("not an object").getMessage()).isEqualTo("backend error");
  }

  @Test
  void modernClientsNeverSeeRetiredResourceNotFoundCode() {
    McpError backend = McpError.fromBackend(new JsonObject().put("code", -32002).put("message", "Resource not found"));
    assertThat(backend.toJsonRpc(Era.MODERN).getInteger("code")).isEqualTo(-32602);
    assertThat(backend.toJsonRpc(Era.LEGACY).getInteger("code")).isEqualTo(-32002);
  }

  @Test
  void unexpectedExceptionsDoNotLeakTheirMessage() {
    McpError e = McpError.of(new IllegalStateException("secret path /etc/shadow"));
    assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL);
    assertThat(e.getMessage()).doesNotContain("shadow");
  }
}
