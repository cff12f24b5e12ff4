package dev.switchboard.bridging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.bridging.RequestStates;
import dev.switchboard.identity.Caller;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestStatesTest {
  private final AtomicLong clock = new AtomicLong(1_000);
  private final RequestStates states = new RequestStates(60_000, clock::get);
  private final Caller alice = caller("alice@x");

  private static Caller caller(String login) {
    return new Caller(login, login, "n", List.of(), List.of(), Map.of(), "a", "test");
  }

  private static void refused(Runnable r) {
    assertThatThrownBy(r::run).isInstanceOf(McpError.class)
        .satisfies(e -> assertThat(((McpError) e).kind()).isEqualTo(ErrorKind.REQUEST_STATE_NOT_FOUND));
  }

  @Test
  void theBackendsStateComesBackForTheSameCaller() {
    String token = states.wrap("opaque backend state", alice, "github");
    assertThat(token).doesNotContain("opaque");
    assertThat(states.unwrap(token, alice, "github")).isEqualTo("opaque backend state");
    assertThat(states.unwrap(states.wrap(null, alice, "github"), alice, "github")).isNull();
  }

  @Test
  void anotherCallerOrBackendIsRefused() {
    String token = states.wrap("s", alice, "github");
    refused(() -> states.unwrap(token, caller("mallory@x"), "github"));
    refused(() -> states.unwrap(token, alice, "jira"));
  }

  @Test
  void alteredTokensAreRefused() {
    String token = states.wrap("s", alice, "github");
    byte[] bytes = java.util.Base64.getUrlDecoder().decode(token);
    for (int i = 0; i < bytes.length; i++) { // any one bit changed anywhere: nonce, sealed claims or tag
      byte[] flipped = bytes.clone();
      flipped[i] ^= 1;
      String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(flipped);
      refused(() -> states.unwrap(forged, alice, "github"));
    }
    refused(() -> states.unwrap(token.substring(0, token.length() - 2), alice, "github"));
    refused(() -> states.unwrap("garbage", alice, "github"));
    refused(() -> states.unwrap("", alice, "github"));
    refused(() -> states.unwrap(42, alice, "github"));
  }

  /** The token discloses neither the backend's state nor whom and what it names, even base64-decoded. */
  @Test
  void aTokenIsSealedNotOnlySigned() {
    String token = states.wrap("{\"cursor\":\"internal-db-row-1234\"}", alice, "github");
    String decoded = new String(java.util.Base64.getUrlDecoder().decode(token), java.nio.charset.StandardCharsets.ISO_8859_1);
    for (String secret : new String[] {"internal-db-row-1234", "cursor", "alice@x", "github"}) {
      assertThat(token).doesNotContain(secret);
      assertThat(decoded).doesNotContain(secret);
    }
    assertThat(states.wrap("s", alice, "github")).as("a fresh nonce each time").isNotEqualTo(states.wrap("s", alice, "github"));
  }

  @Test
  void expiredTokensAreRefused() {
    String token = states.wrap("s", alice, "github");
    clock.addAndGet(60_001);
    refused(() -> states.unwrap(token, alice, "github"));
  }

  @Test
  void anotherHubInstanceDoesNotAcceptTheToken() {
    String token = states.wrap("s", alice, "github");
    refused(() -> new RequestStates(60_000, clock::get).unwrap(token, alice, "github"));
  }
}
