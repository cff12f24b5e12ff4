package dev.switchboard.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.LimitsConfig;
import dev.switchboard.identity.Caller;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.Policy;
import dev.switchboard.pipeline.Target;
import dev.switchboard.protocol.Era;
import dev.switchboard.protocol.JsonRpc;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.Primitive;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LocalRateLimiterTest {
  private final AtomicLong clock = new AtomicLong();

  private LocalRateLimiter limiter(String yaml) {
    LimitsConfig c = new ConfigLoader().parse(yaml + "\nbackends: [{name: d, type: builtin}, {name: jira, type: builtin}]",
        "t").limits();
    return new LocalRateLimiter(c, List.of("switchboard.dev/cap/mcp"), clock::get);
  }

  private static Caller caller(String login, Map<String, List<Object>> caps) {
    return new Caller(login, login, "n", List.of(), List.of(), caps, "a", "test");
  }

  private static Exchange call(Caller caller, String backend, String tool) {
    Exchange ex = new Exchange(JsonRpc.classify(new JsonObject().put("jsonrpc", "2.0").put("id", 1)
        .put("method", "tools/call").put("params", new JsonObject().put("name", tool))), Era.MODERN, "2026-07-28", null, 30_000);
    ex.caller(caller);
    ex.target(new Target(backend, Primitive.TOOL, tool, tool));
    return ex;
  }

  private static McpError refusal(Future<Void> f) {
    return f.failed() ? (McpError) f.cause() : null;
  }

  private static int admitted(LocalRateLimiter l, Caller c, String backend, String tool, int tries) {
    int ok = 0;
    for (int i = 0; i < tries; i++) {
      Exchange ex = call(c, backend, tool);
      if (l.admit(ex).succeeded()) {
        ok++;
        ex.finish(null, null);
      }
    }
    return ok;
  }

  @Test
  void eachUserHasTheirOwnBucket() {
    LocalRateLimiter l = limiter("limits: {user: {perMinute: 60, burst: 5}}");
    Caller alice = caller("alice@x", Map.of());
    assertThat(admitted(l, alice, "gh", "gh__a", 8)).isEqualTo(5);
    McpError e = refusal(l.admit(call(alice, "gh", "gh__a")));
    assertThat(e.getMessage()).contains("user").contains("retry in");
    assertThat(((JsonObject) e.data()).getString("limit")).isEqualTo("user");
    assertThat(((JsonObject) e.data()).getLong("retryAfterMs")).isBetween(1L, 1000L);
    assertThat(admitted(l, caller("bob@x", Map.of()), "gh", "gh__a", 5)).isEqualTo(5);
    clock.addAndGet(1_000_000_000L);
    assertThat(admitted(l, alice, "gh", "gh__a", 5)).isEqualTo(1);
  }

  @Test
  void toolPatternsAndBackendsHaveTheirOwnLimits() {
    LocalRateLimiter l = limiter("""
        limits:
          user: {perSecond: 1000}
          tools: [{tool: 'gh__search*', perMinute: 60, burst: 2}]
          backends: {jira: {perMinute: 60, burst: 3}}
        """);
    Caller a = caller("a@x", Map.of());
    assertThat(admitted(l, a, "gh", "gh__search_code", 5)).isEqualTo(2);
    assertThat(admitted(l, a, "gh", "gh__list", 5)).isEqualTo(5);
    assertThat(admitted(l, a, "jira", "jira__x", 2)).isEqualTo(2);
    assertThat(admitted(l, caller("b@x", Map.of()), "jira", "jira__x", 5)).as("backend limit is for everyone").isEqualTo(1);
  }

  @Test
  void groupAndTagOverridesApplyTheMostGenerousAndBeatGrants() {
    Map<String, List<Object>> grant = Map.of("switchboard.dev/cap/mcp",
        List.of(new JsonObject().put("rateLimit", new JsonObject().put("perMinute", 600).put("burst", 7))));
    LocalRateLimiter l = limiter("""
        limits:
          user: {perMinute: 60, burst: 2}
          groups: {"group:eng": {perMinute: 60, burst: 3}, "group:sre": {perMinute: 120, burst: 5}}
          tags: {"tag:ci": {perMinute: 60, burst: 9}}
        """);
    Caller engAndSre = new Caller("e@x", "e", "n", List.of(), List.of("group:eng", "group:sre"), grant, "a", "test");
    Caller ci = new Caller("tagged-devices", "ci", "n", List.of("tag:ci"), List.of(), Map.of(), "a", "test");
    Caller other = new Caller("o@x", "o", "n", List.of(), List.of("group:sales"), Map.of(), "a", "test");
    assertThat(admitted(l, engAndSre, "gh", "gh__a", 10)).isEqualTo(5);
    assertThat(admitted(l, ci, "gh", "gh__a", 10)).isEqualTo(9);
    assertThat(admitted(l, other, "gh", "gh__a", 10)).isEqualTo(2);
  }

  @Test
  void aGrantedRateAppliesAndAnOverrideWins() {
    Map<String, List<Object>> grant = Map.of("switchboard.dev/cap/mcp",
        List.of(new JsonObject().put("rateLimit", new JsonObject().put("perMinute", 600).put("burst", 7))));
    LocalRateLimiter l = limiter("limits: {user: {perMinute: 60, burst: 2}, users: {boss@x: {perMinute: 60, burst: 4}}}");
    assertThat(admitted(l, caller("a@x", grant), "gh", "gh__a", 10)).isEqualTo(7);
    assertThat(admitted(l, caller("boss@x", grant), "gh", "gh__a", 10)).isEqualTo(4);
  }

  @Test
  void callsInFlightAreCappedPerUserAndReleasedWhenTheyFinish() {
    LocalRateLimiter l = limiter("limits: {user: {perSecond: 1000}, maxInFlightPerUser: 2}");
    Caller a = caller("a@x", Map.of());
    Exchange first = call(a, "gh", "gh__a");
    Exchange second = call(a, "gh", "gh__a");
    assertThat(l.admit(first).succeeded()).isTrue();
    assertThat(l.admit(second).succeeded()).isTrue();
    assertThat(refusal(l.admit(call(a, "gh", "gh__a"))).getMessage()).contains("concurrency");
    first.finish(null, null);
    assertThat(l.admit(call(a, "gh", "gh__a")).succeeded()).isTrue();
  }

  @Test
  void idleUsersAreForgotten() {
    LocalRateLimiter l = limiter("limits: {user: {perSecond: 10}}");
    admitted(l, caller("a@x", Map.of()), "gh", "gh__a", 1);
    assertThat(l.trackedUsers()).isEqualTo(1);
    clock.addAndGet(6 * 60 * 1_000_000_000L);
    l.sweep();
    assertThat(l.trackedUsers()).isZero();
  }
}
