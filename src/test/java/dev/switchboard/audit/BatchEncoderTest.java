package dev.switchboard.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.protocol.LazyJson;
import dev.switchboard.protocol.Sha256;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchEncoderTest {
  private final BatchEncoder encoder = new BatchEncoder();

  private static JsonObject record(long seq) {
    return new JsonObject().put("v", 1).put("seq", seq).put("time", "2026-11-24T22:00:00.000Z").put("type", "call")
        .put("user", "alice@example.com").put("displayName", "Alice Ünicode \"quoted\"\n").put("tags", new JsonArray())
        .put("client", new JsonObject().put("name", null).put("version", "1.0"))
        .put("arguments", new JsonObject().put("n", 3).put("big", 12345678901234L).put("x", 0.25)
            .put("list", new JsonArray().add(true).add("s")))
        .put("latencyMs", 1.179).put("prev", AuditChain.GENESIS);
  }

  private String text() {
    return new String(encoder.array(), 0, encoder.size(), StandardCharsets.UTF_8);
  }

  @Test
  void writesEachRecordAsTheLineToBufferWouldAndHashesExactlyThatLine() {
    encoder.reset();
    JsonObject a = record(1);
    JsonObject b = record(2);
    String hashA = encoder.append(a);
    String hashB = encoder.append(b);

    String expected = a.toBuffer() + "\n" + b.toBuffer() + "\n";
    assertThat(text()).isEqualTo(expected);
    assertThat(hashA).isEqualTo(Sha256.hex(a.toBuffer().getBytes()));
    assertThat(hashB).isEqualTo(Sha256.hex(b.toBuffer().getBytes()));
  }

  @Test
  void halfASurrogatePairIsWrittenAsTheReplacementCharacterSoEveryLineIsUnicodeText() {
    // Clients may not send one; a backend's error message or tool name might. jq refuses a line with "\\uD800".
    encoder.reset();
    JsonObject r = record(3).put("outcome", new JsonObject().put("message", "bad \ud800 input \udc00"))
        .put("arguments", new JsonObject().put("k\udbff", "\ud83d\ude00 kept"));
    String hash = encoder.append(r);
    String line = text();
    assertThat(line).contains("\"bad \ufffd input \ufffd\"").doesNotContainIgnoringCase("\\udb")
        .doesNotContainIgnoringCase("\\udc00").doesNotContainIgnoringCase("\\ud800");
    assertThat(new JsonObject(line).getJsonObject("arguments").getString("k\ufffd")).isEqualTo("\ud83d\ude00 kept");
    assertThat(hash).isEqualTo(Sha256.hex(line.substring(0, line.length() - 1).getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aNewBatchStartsEmptyAndABigBatchDoesNotLeaveItsBufferBehind() {
    encoder.reset();
    JsonObject big = new JsonObject().put("blob", "x".repeat(3 << 20));
    encoder.append(big);
    assertThat(encoder.size()).isGreaterThan(3 << 20);

    encoder.reset();
    assertThat(encoder.size()).isZero();
    assertThat(encoder.array().length).isLessThan(1 << 20);
    encoder.append(record(7));
    assertThat(text()).isEqualTo(record(7).toBuffer() + "\n");
  }

  @Test
  void aRecordItCannotEncodeLeavesTheBatchAsItWasAndTheNextComesOutWhole() {
    encoder.reset();
    encoder.append(record(1));
    JsonObject bad = new JsonObject().put("ok", 1).put("thread", new Object());
    assertThatThrownBy(() -> encoder.append(bad)).isInstanceOf(RuntimeException.class);

    encoder.append(record(3));
    assertThat(text()).isEqualTo(record(1).toBuffer() + "\n" + record(3).toBuffer() + "\n");
  }

  @Test
  void measuresTheEncodedLengthOfAValueWithoutWritingIt() {
    encoder.reset();
    for (JsonObject value : List.of(new JsonObject(), record(9), new JsonObject().put("text", "é".repeat(100)))) {
      assertThat(encoder.encodedLength(value)).isEqualTo(value.toBuffer().length());
    }
    assertThat(encoder.size()).isZero();
  }

  @Test
  void aValueItCannotMeasureLeavesTheNextMeasurementRight() {
    assertThatThrownBy(() -> encoder.encodedLength(new JsonObject().put("x", new Object())))
        .isInstanceOf(RuntimeException.class);
    assertThat(encoder.encodedLength(record(4))).isEqualTo(record(4).toBuffer().length());
  }

  @Test
  void bytesAClientSentAreWrittenCanonicallyButMeasuredAsSent() {
    String sent = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"q\","
        + "\"arguments\":{ \"sql\" : \"select \\u00e9\" , \"rows\" : [ 1 , 2 ] }}}";
    JsonObject arguments = ((JsonObject) LazyJson.decode(Buffer.buffer(sent))).getJsonObject("params")
        .getJsonObject("arguments");
    assertThat(arguments.encode()).as("passed on as received")
        .isEqualTo("{ \"sql\" : \"select \\u00e9\" , \"rows\" : [ 1 , 2 ] }");

    encoder.reset();
    encoder.append(new JsonObject().put("seq", 1).put("arguments", arguments));
    assertThat(text()).isEqualTo("{\"seq\":1,\"arguments\":{\"sql\":\"select \u00e9\",\"rows\":[1,2]}}\n");
    assertThat(encoder.encodedLength(arguments)).isEqualTo(arguments.toBuffer().length()).isEqualTo(48);
    assertThat(arguments.encode()).as("neither writing nor measuring read into it")
        .isEqualTo("{ \"sql\" : \"select \\u00e9\" , \"rows\" : [ 1 , 2 ] }");
  }
}
