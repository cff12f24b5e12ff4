package dev.switchboard.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.protocol.Era;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.ProtocolVersions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class HandshakeTest {
  private static Future<BackendPost.Reply> answered(JsonObject result) {
    return Future.succeededFuture(new BackendPost.Reply(200,
        new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("result", result), MultiMap.caseInsensitiveMultiMap()));
  }

  private static Future<BackendPost.Reply> refused(int status, JsonObject body) {
    return Future.failedFuture(new BackendPost.HttpStatusException("b", status, body));
  }

  private static JsonObject error(int code) {
    return new JsonObject().put("jsonrpc", "2.0").put("id", 1)
        .put("error", new JsonObject().put("code", code).put("message", "no"));
  }

  @Test
  void aServerThatOffersOurVersionIsModernWithItsInfoFromMeta() {
    Future<BackendInfo> v = Handshake.discovered("b", answered(new JsonObject()
        .put("supportedVersions", new JsonArray().add("2025-11-25").add(ProtocolVersions.MODERN))
        .put("capabilities", new JsonObject().put("tools", new JsonObject()))
        .put("_meta", new JsonObject().put("io.modelcontextprotocol/serverInfo", new JsonObject().put("name", "s")))));
    assertThat(v.result().era()).isEqualTo(Era.MODERN);
    assertThat(v.result().serverInfo().getString("name")).isEqualTo("s");
    assertThat(v.result().capabilities().containsKey("tools")).isTrue();
  }

  @Test
  void anyOtherHttpAnswerMeansLegacy() {
    assertThat(Handshake.discovered("b", refused(404, null)).result()).isNull();
    assertThat(Handshake.discovered("b", refused(400, error(-32000))).result()).as("legacy: not initialized").isNull();
    assertThat(Handshake.discovered("b", refused(405, null)).result()).isNull();
    assertThat(Handshake.discovered("b", answered(new JsonObject()
        .put("supportedVersions", new JsonArray().add("2025-11-25")))).result()).as("does not offer ours").isNull();
  }

  @Test
  void aModernErrorIsAModernServerWithoutOurVersionAndNoAnswerIsAnOutage() {
    Future<BackendInfo> modernError = Handshake.discovered("b", refused(400, error(-32022)));
    assertThat(modernError.cause()).isInstanceOf(McpError.class).hasMessageContaining("is modern but does not offer");
    ConnectException refused = new ConnectException("Connection refused");
    assertThat(Handshake.discovered("b", Future.failedFuture(refused)).cause()).isSameAs(refused);
  }

  @Test
  void initializeOpensALegacySessionInTheVersionTheServerChose() {
    BackendInfo i = Handshake.initialized("b", answered(new JsonObject().put("protocolVersion", "2025-06-18")
        .put("serverInfo", new JsonObject().put("name", "old")).put("instructions", "be nice")).result());
    assertThat(i.era()).isEqualTo(Era.LEGACY);
    assertThat(i.protocolVersion()).isEqualTo("2025-06-18");
    assertThat(i.instructions()).isEqualTo("be nice");
    assertThat(Handshake.initialized("b", answered(new JsonObject()).result()).protocolVersion())
        .isEqualTo(ProtocolVersions.LEGACY_DEFAULT);
  }

  @Test
  void anInitializeWithoutAResultOrWithAVersionWeDoNotSpeakOpensNothing() {
    BackendPost.Reply err = new BackendPost.Reply(200, error(-32600), MultiMap.caseInsensitiveMultiMap());
    assertThatThrownBy(() -> Handshake.initialized("b", err)).isInstanceOf(McpError.class)
        .hasMessageContaining("Backend 'b' refused initialize");
    assertThatThrownBy(() -> Handshake.initialized("b", answered(new JsonObject().put("protocolVersion", "2099-01-01"))
        .result())).isInstanceOf(McpError.class).hasMessageContaining("unsupported protocol version 2099-01-01");
  }

  @Test
  void answersOfTheWrongShapeAreNamedNotClassCastExceptions() {
    assertThatThrownBy(() -> Handshake.initialized("b", answered(new JsonObject().put("protocolVersion", "2025-06-18")
        .put("capabilities", "all")).result())).isInstanceOf(McpError.class)
        .hasMessageContaining("Backend 'b' answered with 'capabilities' that is not an object");
    Future<BackendInfo> modern = Handshake.discovered("b", answered(new JsonObject()
        .put("supportedVersions", new JsonArray().add(ProtocolVersions.MODERN)).put("capabilities", 7)));
    assertThat(modern.cause()).isInstanceOf(McpError.class).hasMessageContaining("'capabilities' that is not an object");
    assertThat(Handshake.discovered("b", answered(new JsonObject().put("supportedVersions", "all"))).result())
        .as("supportedVersions not a list: not a modern answer").isNull();
    BackendInfo shown = Handshake.initialized("b", answered(new JsonObject().put("protocolVersion", "2025-06-18")
        .put("serverInfo", 7).put("instructions", new JsonObject())).result()); // only shown: left out
    assertThat(shown.serverInfo()).isEqualTo(new JsonObject());
    assertThat(shown.instructions()).isNull();
  }
}
