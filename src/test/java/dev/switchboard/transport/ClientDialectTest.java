package dev.switchboard.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Era;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ClientDialectTest {
  private final ClientDialect dialect = new ClientDialect(30_000);

  private static JsonObject read(Object ttl, String scope) {
    JsonObject r = new JsonObject().put("resultType", "complete").put("contents", new io.vertx.core.json.JsonArray());
    return r.put("ttlMs", ttl).put("cacheScope", scope);
  }

  @Test
  void aModernBackendsShorterLifetimeReachesAModernClientAndItsScopeIsAlwaysPrivate() {
    JsonObject shaped = dialect.shape(Era.MODERN, "resources/read", read(0, "public"));

    assertThat(shaped.getLong("ttlMs")).isZero(); // "immediately stale" stays so: the hub never extends it
    assertThat(shaped.getString("cacheScope")).isEqualTo("private"); // what one caller sees is filtered for them
    assertThat(shaped.getString("resultType")).isEqualTo("complete");
  }

  @Test
  void aLifetimeIsAtMostTheHubsAndAMalformedOneIsZero() {
    assertThat(dialect.shape(Era.MODERN, "resources/read", read(3_600_000, "private")).getLong("ttlMs")).isEqualTo(30_000);
    assertThat(dialect.shape(Era.MODERN, "resources/read", read(-5, "private")).getLong("ttlMs")).isZero();
    assertThat(dialect.shape(Era.MODERN, "resources/read", read("soon", "private")).getLong("ttlMs")).isZero();
    assertThat(dialect.shape(Era.MODERN, "resources/read", new JsonObject()).getLong("ttlMs")).isEqualTo(30_000);
  }

  @Test
  void aLegacyBackendsResultGetsWhatTheModernEraRequires() {
    JsonObject shaped = dialect.shape(Era.MODERN, "tools/list", new JsonObject().put("tools", new io.vertx.core.json.JsonArray()));

    assertThat(shaped.getString("resultType")).isEqualTo("complete");
    assertThat(shaped.getLong("ttlMs")).isEqualTo(30_000);
    assertThat(shaped.getString("cacheScope")).isEqualTo("private");
  }

  @Test
  void interimAndUncacheableResultsCarryNoHints() {
    JsonObject interim = dialect.shape(Era.MODERN, "resources/read", new JsonObject().put("resultType", "input_required")
        .put("ttlMs", 5).put("inputRequests", new JsonObject()));
    JsonObject call = dialect.shape(Era.MODERN, "tools/call", new JsonObject().put("content",
        new io.vertx.core.json.JsonArray()).put("ttlMs", 5).put("cacheScope", "public"));

    assertThat(interim.fieldNames()).containsExactlyInAnyOrder("resultType", "inputRequests");
    assertThat(call.fieldNames()).containsExactlyInAnyOrder("resultType", "content");
  }

  @Test
  void aLegacyClientGetsNoneOfTheModernFields() {
    JsonObject shaped = dialect.shape(Era.LEGACY, "resources/read", read(10, "public"));

    assertThat(shaped.fieldNames()).containsExactly("contents");
  }
}
