package dev.switchboard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.AuditConfig;
import dev.switchboard.protocol.Sha256;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

class ArgumentPolicyTest {
  private static ArgumentPolicy policy(String mode, List<String> pointers, int maxBytes) {
    return new ArgumentPolicy(new AuditConfig(true, "x", null, null, mode, null, pointers, maxBytes, null, null, null,
        null, null, null, null, null, null));
  }

  /** How the writer measures: bytes of the UTF-8 encoding. */
  private static final ToIntFunction<Object> BYTES = v -> Json.encodeToBuffer(v).length();

  private static final JsonObject ARGS = new JsonObject()
      .put("query", "select 1")
      .put("Password", "hunter2")
      .put("auth", new JsonObject().put("token", "t0k").put("user", "alice"))
      .put("items", new JsonArray().add(new JsonObject().put("api_key", "k").put("n", 1)))
      .put("config", new JsonObject().put("dsn", "postgres://u:p@db/x"));

  @Test
  void redactsSecretKeysAtAnyDepthCaseInsensitivelyAndListedPointers() {
    JsonObject out = (JsonObject) policy("redacted", List.of("/config/dsn", "/missing/x"), 65536).render(ARGS, BYTES);
    assertThat(out.getString("query")).isEqualTo("select 1");
    assertThat(out.getString("Password")).isEqualTo("[redacted]");
    assertThat(out.getJsonObject("auth").getString("token")).isEqualTo("[redacted]");
    assertThat(out.getJsonObject("auth").getString("user")).isEqualTo("alice");
    assertThat(out.getJsonArray("items").getJsonObject(0).getString("api_key")).isEqualTo("[redacted]");
    assertThat(out.getJsonArray("items").getJsonObject(0).getInteger("n")).isEqualTo(1);
    assertThat(out.getJsonObject("config").getString("dsn")).isEqualTo("[redacted]");
    assertThat(ARGS.getString("Password")).as("the call's own arguments are untouched").isEqualTo("hunter2");
  }

  @Test
  void fullKeepsEverythingAndDigestKeepsOnlyAHash() {
    assertThat(policy("full", List.of(), 65536).render(ARGS, BYTES)).isEqualTo(ARGS);
    JsonObject digest = (JsonObject) policy("digest", List.of(), 65536).render(ARGS, BYTES);
    assertThat(digest.fieldNames()).containsExactlyInAnyOrder("sha256", "bytes");
    assertThat(digest.getString("sha256")).isEqualTo(Sha256.hex(ARGS.encode()));
  }

  @Test
  void argumentsAsAClientSpacedThemAreRedactedAndDigestedInTheirCanonicalForm() {
    String sent = "{\"params\":{\"arguments\":{ \"token\" : \"t0k\", \"q\" : [ 1, { \"password\": \"p\" } ] }}}";
    JsonObject arguments = ((JsonObject) dev.switchboard.protocol.LazyJson.decode(
        io.vertx.core.buffer.Buffer.buffer(sent))).getJsonObject("params").getJsonObject("arguments");
    Object redacted = policy("redacted", List.of(), 65536).render(arguments, BYTES);
    assertThat(Json.encode(redacted)).isEqualTo("{\"token\":\"[redacted]\",\"q\":[1,{\"password\":\"[redacted]\"}]}");
    JsonObject digest = (JsonObject) policy("digest", List.of(), 65536).render(arguments, BYTES);
    assertThat(digest.getString("sha256"))
        .isEqualTo(Sha256.hex("{\"token\":\"t0k\",\"q\":[1,{\"password\":\"p\"}]}"));
    assertThat(arguments.encode()).as("the call's own arguments, as they go on to the backend")
        .isEqualTo("{ \"token\" : \"t0k\", \"q\" : [ 1, { \"password\": \"p\" } ] }");
  }

  @Test
  void oversizedArgumentsAreKeptAsADigestWhateverTheMode() {
    JsonObject big = new JsonObject().put("blob", "x".repeat(2000));
    JsonObject out = (JsonObject) policy("full", List.of(), 1000).render(big, BYTES);
    assertThat(out.getBoolean("truncated")).isTrue();
    assertThat(out.getInteger("bytes")).isGreaterThan(2000);
    assertThat(policy("redacted", List.of(), 1000).render(null, BYTES)).isNull();
  }

  @Test
  void pointerEscapesAndArrayIndexesResolve() {
    JsonObject args = new JsonObject().put("a/b", new JsonArray().add("keep").add("secret"));
    JsonObject out = (JsonObject) policy("redacted", List.of("/a~1b/1"), 65536).render(args, BYTES);
    assertThat(out.getJsonArray("a/b").getList()).containsExactly("keep", "[redacted]");
  }

  @Test
  void theSizeLimitIsJudgedByTheMeasureGivenAndADigestStillHashesTheText() {
    JsonObject small = new JsonObject().put("q", "é");
    JsonObject out = (JsonObject) policy("redacted", List.of(), 1000).render(small, v -> 1001);
    assertThat(out.getBoolean("truncated")).isTrue();
    assertThat(out.getInteger("bytes")).isEqualTo(1001);
    assertThat(out.getString("sha256")).isEqualTo(Sha256.hex(small.encode()));
    assertThat(policy("redacted", List.of(), 1000).render(small, v -> 1000)).isEqualTo(small);
  }
}
