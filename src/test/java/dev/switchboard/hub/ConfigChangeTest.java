package dev.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.HubConfig;
import org.junit.jupiter.api.Test;

class ConfigChangeTest {
  private static final String BASE = """
      listen: {port: 18080}
      backends: [{name: demo, type: builtin}]
      limits: {user: {perSecond: 5}, maxSessionsPerUser: 4, maxStreamsPerUser: 4}
      """;

  private static HubConfig parse(String yaml) {
    return new ConfigLoader(name -> null).parse(yaml, "test.yaml");
  }

  private static ConfigChange change(String next) {
    return new ConfigChange(parse(BASE), parse(next));
  }

  @Test
  void theSameFileChangesNothing() {
    ConfigChange c = change(BASE);
    assertThat(c.needRestart()).isEmpty();
    assertThat(c.limitsChanged()).isFalse();
    assertThat(c.policyChanged()).isFalse();
  }

  @Test
  void sectionsThatOnlyARestartCanChangeAreNamed() {
    ConfigChange c = change("""
        listen: {port: 18081}
        sessions: {idleTimeout: 5m}
        audit: {dir: /tmp/elsewhere}
        backends: [{name: demo, type: builtin}]
        limits: {user: {perSecond: 5}, maxSessionsPerUser: 8, maxStreamsPerUser: 4, store: redis}
        """);
    assertThat(c.needRestart()).containsExactly("listen", "sessions", "audit", "limits.store/redis",
        "limits.maxSessionsPerUser/maxStreamsPerUser/maxFollowsPerUser");
    assertThat(c.limitsChanged()).as("nothing of the limits applies at once").isFalse();
  }

  @Test
  void newRatesApplyWhileTheStoreAndTheSessionCapsStayUntilARestart() {
    ConfigChange c = change("""
        listen: {port: 18080}
        backends: [{name: demo, type: builtin}, {name: demo2, type: builtin}]
        limits: {user: {perSecond: 9}, maxSessionsPerUser: 8, maxStreamsPerUser: 4, maxInFlightPerUser: 3}
        """);
    assertThat(c.limitsChanged()).isTrue();
    assertThat(c.limits().user().perSecond()).isEqualTo(9.0);
    assertThat(c.limits().maxInFlightPerUser()).isEqualTo(3);
    assertThat(c.limits().maxSessionsPerUser()).as("kept until a restart").isEqualTo(4);
    HubConfig applied = c.applied(c.limits());
    assertThat(applied.backends()).hasSize(2);
    assertThat(applied.limits().maxSessionsPerUser()).isEqualTo(4);
    assertThat(applied.listen()).isEqualTo(c.before().listen());
  }

  @Test
  void switchingLimitsOffLiftsTheRatesNowAndTheSessionCapsAfterARestart() {
    ConfigChange c = change("""
        listen: {port: 18080}
        backends: [{name: demo, type: builtin}]
        limits: {enabled: false, user: {perSecond: 5}, maxSessionsPerUser: 4, maxStreamsPerUser: 4}
        """);
    assertThat(c.limitsChanged()).isTrue();
    assertThat(c.limits().enabled()).isFalse();
    assertThat(c.needRestart()).containsExactly("limits.maxSessionsPerUser/maxStreamsPerUser/maxFollowsPerUser");
  }

  @Test
  void aNewFollowCapWaitsForARestart() {
    ConfigChange c = change("""
        listen: {port: 18080}
        backends: [{name: demo, type: builtin}]
        limits: {user: {perSecond: 5}, maxSessionsPerUser: 4, maxStreamsPerUser: 4, maxFollowsPerUser: 9}
        """);
    assertThat(c.needRestart()).containsExactly("limits.maxSessionsPerUser/maxStreamsPerUser/maxFollowsPerUser");
    assertThat(c.limits().maxFollowsPerUser()).isEqualTo(64);
  }

  @Test
  void aPolicyChangeIsSeen() {
    ConfigChange c = change(BASE + "policy: {rules: [{users: ['*'], allow: {tools: ['*']}}]}\n");
    assertThat(c.policyChanged()).isTrue();
    assertThat(c.needRestart()).isEmpty();
  }
}
