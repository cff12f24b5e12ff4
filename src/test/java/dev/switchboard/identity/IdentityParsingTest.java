package dev.switchboard.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import dev.switchboard.support.FakeTailscaled;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class IdentityParsingTest {
  @Test
  void aPersonsWhoIsBecomesACaller() {
    Caller c = WhoIs.toCaller(FakeTailscaled.example("whois-user", null), "100.101.102.103:5555");
    assertThat(c.login()).isEqualTo("alice@example.com");
    assertThat(c.displayName()).isEqualTo("Alice Example");
    assertThat(c.tags()).isEmpty();
    assertThat(c.principal()).isEqualTo("alice@example.com");
    assertThat(c.source()).isEqualTo("whois");
  }

  @Test
  void aTaggedNodeIsIdentifiedByItsTags() {
    Caller c = WhoIs.toCaller(FakeTailscaled.example("whois-tagged", null), "100.88.12.7:1");
    assertThat(c.login()).isEqualTo("tagged-devices");
    assertThat(c.tags()).containsExactly("tag:ci");
    assertThat(c.principal()).isEqualTo("tags:tag:ci");
    assertThat(c.node()).isEqualTo("ci-runner-7.tail1234.ts.net");
  }

  @Test
  void aPersonWithoutGrantsHasNoCapabilities() {
    assertThat(WhoIs.toCaller(FakeTailscaled.example("whois-nogrant", null), "x").capabilities()).isEmpty();
  }

  @Test
  void rfc2047WordsAreDecoded() {
    assertThat(Rfc2047.decode("=?utf-8?q?J=C3=BCrgen_M=C3=BCller?=")).isEqualTo("Jürgen Müller");
    assertThat(Rfc2047.decode("=?utf-8?b?SsO8cmdlbg==?=")).isEqualTo("Jürgen");
    assertThat(Rfc2047.decode("plain@example.com")).isEqualTo("plain@example.com");
    assertThat(Rfc2047.decode(null)).isNull();
  }

  @Test
  void aWhoIsAnswerNamingNoUserAndNoTagsIsRefusedLikeAnUnknownPeer() {
    JsonObject noProfile = FakeTailscaled.example("whois-user", null);
    noProfile.remove("UserProfile");
    JsonObject blankLogin = FakeTailscaled.example("whois-user", null);
    blankLogin.getJsonObject("UserProfile").put("LoginName", "");
    for (JsonObject whois : new JsonObject[] {new JsonObject(), noProfile, blankLogin}) {
      assertThatThrownBy(() -> WhoIs.toCaller(whois, "100.64.0.9:1")).isInstanceOf(McpError.class)
          .hasMessageContaining("names no user and no tags for 100.64.0.9:1")
          .satisfies(e -> assertThat(((McpError) e).kind()).isEqualTo(ErrorKind.IDENTITY_REFUSED));
    }
  }

  @Test
  void aGrantValueOfNullGrantsNothingAndBreaksNothing() {
    JsonObject capMap = new JsonObject().put("switchboard.dev/cap/mcp", new JsonArray().addNull()
        .add(new JsonObject().put("tools", new JsonArray().add("*"))));
    Caller c = WhoIs.toCaller(FakeTailscaled.example("whois-user", capMap), "x");
    assertThat(c.capabilities().get("switchboard.dev/cap/mcp")).hasSize(1);
    assertThat(WhoIs.capabilities(new JsonObject().put("cap", new JsonArray().addNull())).get("cap")).isEmpty();
  }

  @Test
  void anEncodedWordThatDoesNotDecodeStaysAsWritten() {
    assertThat(Rfc2047.decode("=?utf-8?q?=ZZ?=")).isEqualTo("=?utf-8?q?=ZZ?=");
    assertThat(Rfc2047.decode("=?utf-8?b?!!!?=")).isEqualTo("=?utf-8?b?!!!?=");
    assertThat(Rfc2047.decode("A =?utf-8?q?J=C3=BCrgen?=")).isEqualTo("A Jürgen");
  }
}
