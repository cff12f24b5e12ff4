package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The lazy decoder against Vert.x' own: the same values, the same encoding once anything is changed,
 * the received bytes only where nothing was, and never a line break on the wire.
 */
class LazyJsonTest {
  private static final List<String> DOCS = List.of(
      "{}",
      "{\"a\":1}",
      "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"},"
          + "\"_meta\":{\"progressToken\":3,\"io.modelcontextprotocol/clientCapabilities\":{}}}}",
      "{\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"caf\u00e9 \\u00e9 \\\"q\\\" \\n \ud83d\ude00\"}],\"isError\":false}}",
      "{\"n\":[1,-2,3.5,1e300,12345678901234,123456789012345678901234567890,-0.0],\"b\":[true,false,null],\"e\":[],\"o\":{}}",
      "{\"nested\":[[1,[2,[3,{\"deep\":[{\"x\":{\"y\":[]}}]}]]]],\"s\":\"\"}",
      "{ \"spaced\" : { \"a\" : [ 1 , 2 ] , \"b\" : { } } , \"t\" : \"x y\" }",
      "{\"dup\":1,\"dup\":{\"a\":2}}");

  /** A member object as Vert.x holds it (a map) or hands it out (wrapped). */
  @SuppressWarnings("unchecked")
  private static JsonObject obj(Object v) {
    return v instanceof JsonObject o ? o : new JsonObject((Map<String, Object>) v);
  }

  private static JsonObject lazy(String text) {
    return (JsonObject) LazyJson.decode(Buffer.buffer(text));
  }

  private static JsonObject vertx(String text) {
    return new JsonObject(text);
  }

  @Test
  void decodesToTheValuesVertxDecodesTo() {
    for (String doc : DOCS) {
      assertThat(lazy(doc)).as(doc).isEqualTo(vertx(doc));
      assertThat(new JsonObject(lazy(doc).encode())).as(doc).isEqualTo(vertx(doc));
      assertThat(JsonWriter.canonical(lazy(doc))).as(doc).isEqualTo(vertx(doc).encode());
    }
    JsonObject o = lazy(DOCS.get(4));
    assertThat(o.getJsonArray("n").getValue(0)).isInstanceOf(Integer.class);
    assertThat(o.getJsonArray("n").getValue(4)).isInstanceOf(Long.class);
    assertThat(o.getJsonArray("n").getValue(5)).isEqualTo(new JsonObject(DOCS.get(4)).getJsonArray("n").getValue(5));
    assertThat(o.getJsonArray("n").getValue(2)).isInstanceOf(Double.class);
  }

  @Test
  void whatIsNeverReadIsWrittenAsReceived() {
    String doc = DOCS.get(6);
    JsonObject o = lazy(doc);
    assertThat(o.encode()).isEqualTo(doc);
    assertThat(o.getString("t")).isEqualTo("x y"); // scalars are decoded already: reading one changes nothing
    o.remove("absent");
    assertThat(o.toBuffer().toString()).isEqualTo(doc);
    o.put("added", 1); // the unread member is still passed on as it came
    assertThat(o.encode()).isEqualTo("{\"spaced\":{ \"a\" : [ 1 , 2 ] , \"b\" : { } },\"t\":\"x y\",\"added\":1}");
    assertThat(JsonWriter.canonical(o)).as("canonical form ignores the spacing")
        .isEqualTo("{\"spaced\":{\"a\":[1,2],\"b\":{}},\"t\":\"x y\",\"added\":1}");
  }

  @Test
  void readsTheBodyWhereverItsBytesSitAndPassesLargeValuesOnWhole() {
    String doc = "{\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"" + "x\\u00e9".repeat(5000)
        + "\"}],\"n\":{ \"a\" : 1 }},\"id\":1}";
    Buffer framed = Buffer.buffer("garbage before").appendString(doc).appendString("and after");
    JsonObject o = (JsonObject) LazyJson.decode(framed.slice(14, 14 + doc.length()));
    assertThat(o.encode()).isEqualTo(doc);
    JsonObject result = o.getJsonObject("result");
    result.put("resultType", "complete");
    JsonObject envelope = new JsonObject().put("jsonrpc", "2.0").put("id", 2).put("result", result).put("after", true);
    assertThat(envelope.toBuffer().toString()).isEqualTo(envelope.encode()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":2,"
        + "\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"" + "x\\u00e9".repeat(5000)
        + "\"}],\"n\":{ \"a\" : 1 },\"resultType\":\"complete\"},\"after\":true}");
    assertThat(new JsonObject(envelope.toBuffer())).isEqualTo(new JsonObject(envelope.encode()));
  }

  @Test
  void everyWayOfChangingAnObjectIsSeenInItsEncoding() {
    List<Consumer<JsonObject>> edits = List.of(
        o -> o.put("new", "v"),
        o -> o.remove("params"),
        o -> o.getJsonObject("params").put("name", "other"),
        o -> o.getJsonObject("params").getJsonObject("arguments").put("text", "changed"),
        o -> o.getJsonObject("params").getJsonObject("_meta").remove("progressToken"),
        o -> o.getJsonObject("params").getJsonObject("_meta").getJsonObject("io.modelcontextprotocol/clientCapabilities")
            .put("sampling", new JsonObject()),
        o -> o.getMap().entrySet().forEach(e -> e.setValue(e.getKey().length())),
        o -> o.fieldNames().remove("id"),
        o -> o.getMap().keySet().removeIf(k -> k.startsWith("j")),
        o -> o.getMap().values().forEach(v -> {
          if (v instanceof Map<?, ?>) {
            obj(v).remove("name");
          }
        }),
        o -> o.mergeIn(new JsonObject().put("params", new JsonObject().put("x", 1)), true),
        o -> o.getMap().computeIfPresent("params", (k, v) -> obj(v).put("y", 2)),
        o -> o.getMap().merge("params", "z", (a, b) -> obj(a).put("z", b)),
        o -> o.getMap().replaceAll((k, v) -> v instanceof Map<?, ?> ? obj(v).put("r", true) : v),
        o -> o.getMap().putIfAbsent("id", 9),
        o -> o.getMap().remove("params", o.getJsonObject("params")),
        o -> obj(o.getMap().remove("params")).put("gone", true),
        o -> o.clear());
    String doc = DOCS.get(2);
    for (int i = 0; i < edits.size(); i++) {
      JsonObject expected = vertx(doc);
      edits.get(i).accept(expected);
      JsonObject actual = lazy(doc);
      edits.get(i).accept(actual);
      assertThat(actual.encode()).as("edit " + i).isEqualTo(expected.encode());
      assertThat(JsonWriter.canonical(actual)).as("edit " + i).isEqualTo(expected.encode());
    }
  }

  @Test
  void aCopyIsPlainAndItsChangesStayInIt() {
    JsonObject read = lazy(DOCS.get(6));
    JsonObject copy = read.copy(); // reads every member of the original, as Vert.x' copy does
    copy.getJsonObject("spaced").put("a", "changed");
    assertThat(read).isEqualTo(vertx(DOCS.get(6)));
    JsonObject original = lazy(DOCS.get(6));
    Object plain = LazyJson.plainCopy(original);
    ((JsonObject) plain).getJsonObject("spaced").getJsonArray("a").add(3);
    assertThat(original.encode()).as("plainCopy opens nothing in the original").isEqualTo(DOCS.get(6));
    assertThat(noLazyMaps(plain)).isTrue();
    assertThat(((JsonObject) plain).encode()).isEqualTo("{\"spaced\":{\"a\":[1,2,3],\"b\":{}},\"t\":\"x y\"}");
  }

  @Test
  void multiLineJsonIsNeverForwardedWithItsLineBreaks() {
    String pretty = "{\n  \"params\" : {\n    \"arguments\" : {\r\n \"a\" : [ 1,\n 2 ]\n }, \"b\": { \"c\": 1 }\n  },\n"
        + "  \"one\" : { \"line\" : true }\n}\n";
    JsonObject o = lazy(pretty);
    assertThat(o.encode()).doesNotContain("\n", "\r").isEqualTo(
        "{\"params\":{\"arguments\":{\"a\":[1,2]},\"b\":{ \"c\": 1 }},\"one\":{ \"line\" : true }}");
    assertThat(o.toBuffer().toString()).isEqualTo(o.encode());
    assertThat(o).isEqualTo(vertx(pretty));
  }

  @Test
  void malformedDocumentsAreRefusedLikeVertxRefusesThem() {
    for (String bad : List.of("", "  ", "{", "{\"a\":1,}", "{\"a\":{\"b\":[1 2]}}", "{\"a\":\"\u0001\"}",
        "{\"a\":{\"b\":\"x}}", "{} {}", "{}x", "{\"a\":{\"b\":1}}]", "[1,", "{\"a\":nul}", "{'a':1}")) {
      assertThatThrownBy(() -> LazyJson.decode(Buffer.buffer(bad))).as(bad).isInstanceOf(DecodeException.class);
    }
    byte[] invalidUtf8 = "{\"a\":{\"b\":\"\u00e9\"}}".getBytes(StandardCharsets.UTF_8);
    invalidUtf8[12] = 0x41; // the second byte of \u00e9 is no longer a continuation byte
    assertThatThrownBy(() -> LazyJson.decode(Buffer.buffer(invalidUtf8))).isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> LazyJson.decode(Buffer.buffer("{\"a\":{/* c */\"b\":1}}")))
        .as("no comments: what is not read is forwarded as it came").isInstanceOf(DecodeException.class);
  }

  @Test
  void otherTopLevelValuesDecodeAsVertxDecodesThem() {
    for (String doc : List.of("[1,{\"a\":[2]},[]]", "\"s\"", "42", "true", "null", "[{\"x\":{\"y\":1}}]")) {
      Object v = LazyJson.decode(Buffer.buffer(doc));
      assertThat(v).as(doc).isEqualTo(Json.decodeValue(doc));
      assertThat(Json.encode(v)).as(doc).isEqualTo(doc);
    }
  }

  /** Random documents, randomly spaced, randomly read and changed: always what Vert.x makes of the same. */
  @Test
  void randomDocumentsAndEditsAgreeWithVertx() {
    Random random = new Random(20261125);
    for (int round = 0; round < 2000; round++) {
      Object tree = randomObject(random, 0);
      String text = spaced(Json.encode(tree), random, round % 5 == 0);
      long seed = random.nextLong();
      JsonObject expected = vertx(text);
      JsonObject actual = lazy(text);
      edit(expected, new Random(seed));
      edit(actual, new Random(seed));
      String encoded = actual.encode();
      assertThat(encoded).as(text).doesNotContain("\n", "\r");
      assertThat(new JsonObject(encoded)).as(text).isEqualTo(expected);
      assertThat(JsonWriter.canonical(actual)).as(text).isEqualTo(expected.encode());
    }
  }

  private static Object randomObject(Random r, int depth) {
    JsonObject o = new JsonObject();
    int n = r.nextInt(depth > 3 ? 2 : 5);
    for (int i = 0; i < n; i++) {
      o.put("k" + r.nextInt(6), randomValue(r, depth + 1));
    }
    return o;
  }

  private static Object randomValue(Random r, int depth) {
    switch (r.nextInt(depth > 3 ? 4 : 7)) {
      case 0: return "s" + r.nextInt(100) + (r.nextBoolean() ? " \u00e9\"\\" : "");
      case 1: return r.nextInt(1000) - 500;
      case 2: return r.nextBoolean() ? null : r.nextDouble();
      case 3: return r.nextBoolean();
      case 4: case 5: return randomObject(r, depth);
      default: {
        JsonArray a = new JsonArray();
        for (int i = r.nextInt(4); i > 0; i--) {
          a.add(randomValue(r, depth + 1));
        }
        return a;
      }
    }
  }

  /** Adds spaces (and line breaks, when {@code lines}) between tokens, never inside strings. */
  private static String spaced(String compact, Random r, boolean lines) {
    StringBuilder out = new StringBuilder();
    boolean inString = false;
    for (int i = 0; i < compact.length(); i++) {
      char c = compact.charAt(i);
      out.append(c);
      if (c == '"' && !escaped(compact, i)) {
        inString = !inString;
      }
      if (!inString && "{}[],:".indexOf(c) >= 0 && r.nextInt(4) == 0) {
        out.append(lines && r.nextBoolean() ? "\n " : " ");
      }
    }
    return out.toString();
  }

  private static boolean escaped(String s, int i) {
    int backslashes = 0;
    for (int j = i - 1; j >= 0 && s.charAt(j) == '\\'; j--) {
      backslashes++;
    }
    return backslashes % 2 == 1;
  }

  /** Walks down random members, sometimes changing what it finds; the same seed does the same to both. */
  private static void edit(JsonObject root, Random r) {
    Object node = root;
    for (int step = 0; step < 4 && node != null; step++) {
      if (node instanceof JsonObject o) {
        String key = "k" + r.nextInt(6);
        switch (r.nextInt(4)) {
          case 0 -> o.put(key, "edited");
          case 1 -> o.remove(key);
          default -> node = o.getValue(key);
        }
      } else if (node instanceof JsonArray a && !a.isEmpty()) {
        int i = r.nextInt(a.size());
        if (r.nextInt(4) == 0) {
          a.set(i, 0);
        } else {
          node = a.getValue(i);
        }
      } else {
        node = null;
      }
    }
  }

  private static boolean noLazyMaps(Object v) {
    Object x = v instanceof JsonObject o ? o.getMap() : v instanceof JsonArray a ? a.getList() : v;
    if (x instanceof Map<?, ?> m) {
      return !(m instanceof LazyJsonMap) && m.values().stream().allMatch(LazyJsonTest::noLazyMaps);
    }
    if (x instanceof List<?> l) {
      return l.stream().allMatch(LazyJsonTest::noLazyMaps);
    }
    return true;
  }
}
