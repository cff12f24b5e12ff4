package dev.switchboard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class RefusalBudgetTest {
  private static JsonObject refusal(String type, String user) {
    return new JsonObject().put("type", type).put("user", user).put("address", "100.64.0.7:41000");
  }

  @Test
  void beyondItsBurstARefusalIsCountedAndSummarizedOnceItsIntervalEnds() {
    RefusalBudget budget = new RefusalBudget(3, 60_000);
    int written = 0;
    for (int i = 0; i < 1000; i++) {
      written += budget.admit(refusal("rate_limited", "mallory@example.com"), 1_000 + i) ? 1 : 0;
    }
    assertThat(written).isEqualTo(3);
    assertThat(budget.due(30_000, false)).as("not before the interval ends").isEmpty();
    JsonObject summary = budget.due(61_000, false).get(0);
    assertThat(summary.getString("user")).isEqualTo("mallory@example.com");
    assertThat(summary.getString("reason")).isEqualTo("rate_limited");
    assertThat(summary.getLong("count")).isEqualTo(997);
    assertThat(summary.getLong("firstMs")).isEqualTo(1_003);
    assertThat(summary.getLong("lastMs")).isEqualTo(1_999);
    assertThat(budget.admit(refusal("rate_limited", "mallory@example.com"), 61_001)).as("a new interval").isTrue();
  }

  @Test
  void sourcesAndReasonsHaveBudgetsOfTheirOwnAndCallsThatRanAreNeverCounted() {
    RefusalBudget budget = new RefusalBudget(1, 60_000);
    assertThat(budget.admit(refusal("rate_limited", "a@example.com"), 0)).isTrue();
    assertThat(budget.admit(refusal("rate_limited", "a@example.com"), 1)).isFalse();
    assertThat(budget.admit(refusal("denied", "a@example.com"), 2)).isTrue();
    assertThat(budget.admit(refusal("rate_limited", "b@example.com"), 3)).isTrue();
    JsonObject unknown = refusal("call", "a@example.com").put("decision", new JsonObject().put("result", "unknown"));
    assertThat(budget.admit(unknown, 4)).isTrue();
    assertThat(budget.admit(unknown.copy(), 5)).isFalse();
    JsonObject ran = refusal("call", "a@example.com").put("decision", new JsonObject().put("result", "allowed"));
    for (int i = 0; i < 10; i++) {
      assertThat(budget.admit(ran, 6 + i)).isTrue();
    }
    // Callers who could not be identified are told apart by address, whatever their port
    JsonObject stranger = new JsonObject().put("type", "identity_failure").putNull("user").put("address", "10.1.2.3:1");
    assertThat(budget.admit(stranger, 20)).isTrue();
    assertThat(budget.admit(stranger.copy().put("address", "10.1.2.3:2"), 21)).isFalse();
    assertThat(budget.due(0, true)).extracting(s -> s.getString("reason") + ":" + s.getLong("count"))
        .containsExactlyInAnyOrder("rate_limited:1", "unknown:1", "identity_failure:1");
  }

  @Test
  void quietWindowsAreForgotten() {
    RefusalBudget budget = new RefusalBudget(5, 1_000);
    budget.admit(refusal("denied", "a@example.com"), 0);
    assertThat(budget.due(2_000, false)).isEmpty();
    assertThat(budget.admit(refusal("denied", "a@example.com"), 2_001)).isTrue();
  }
}
