package dev.switchboard.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.Durations;
import dev.switchboard.config.SessionConfig;
import dev.switchboard.identity.Caller;
import dev.switchboard.pipeline.LegacySession;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SessionRegistryTest {
  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final SessionRegistry registry = new SessionRegistry(
      new SessionConfig(Durations.Value.parse("10s"), 3, 16, null), clock::get);

  private static Caller caller(String login) {
    return new Caller(login, login, "node", List.of(), List.of(), Map.of(), "127.0.0.1:1", "test");
  }

  private LegacySession create(String login) {
    return registry.create("2025-11-25", new JsonObject(), new JsonObject(), caller(login));
  }

  @Test
  void idsAreLongRandomAndVisibleAscii() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String id = SessionRegistry.newId();
      assertThat(id).hasSizeGreaterThanOrEqualTo(32).matches("[\\x21-\\x7e]+");
      ids.add(id);
    }
    assertThat(ids).hasSize(1000);
  }

  @Test
  void aSessionIsNamedByTheFirstHalfOfTheSha256OfItsIdNeverByTheId() throws Exception {
    LegacySession s = create("alice@example.com");
    byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
        .digest(s.id().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(s.hashedId()).isEqualTo(java.util.HexFormat.of().formatHex(digest).substring(0, 32))
        .isSameAs(s.hashedId()).doesNotContain(s.id());
    assertThat(create("alice@example.com").hashedId()).isNotEqualTo(s.hashedId());
  }

  @Test
  void theOwnerFindsItsSession() {
    LegacySession s = create("alice@example.com");
    assertThat(registry.lookup(s.id(), caller("alice@example.com"))).isSameAs(s);
  }

  @Test
  void anotherCallerPresentingTheIdGetsNotFound() {
    LegacySession s = create("alice@example.com");
    assertThatThrownBy(() -> registry.lookup(s.id(), caller("mallory@example.com")))
        .isInstanceOf(McpError.class)
        .satisfies(e -> assertThat(((McpError) e).kind()).isEqualTo(ErrorKind.SESSION_NOT_FOUND));
  }

  @Test
  void endedSessionsAreNotFound() {
    LegacySession s = create("alice@example.com");
    registry.end(s, "deleted");
    assertThatThrownBy(() -> registry.lookup(s.id(), caller("alice@example.com"))).isInstanceOf(McpError.class);
  }

  @Test
  void idleSessionsAreReapedAndActiveOnesKept() {
    LegacySession idle = create("a@x");
    LegacySession active = create("b@x");
    clock.addAndGet(6_000);
    registry.lookup(active.id(), caller("b@x"));
    clock.addAndGet(6_000);
    registry.reapIdle();
    assertThat(registry.size()).isEqualTo(1);
    assertThat(idle.isEnded()).isTrue();
    assertThat(registry.lookup(active.id(), caller("b@x"))).isSameAs(active);
  }

  @Test
  void theSessionCapIsEnforced() {
    create("a@x");
    create("b@x");
    create("c@x");
    assertThatThrownBy(() -> create("d@x")).isInstanceOf(McpError.class).hasMessageContaining("Session limit");
  }

  @Test
  void endingASessionCancelsWhatIsInFlight() {
    LegacySession s = create("a@x");
    AtomicLong cancelled = new AtomicLong();
    s.trackInFlight(7, cancelled::incrementAndGet);
    registry.end(s, "deleted");
    assertThat(cancelled.get()).isEqualTo(1);
  }
}
