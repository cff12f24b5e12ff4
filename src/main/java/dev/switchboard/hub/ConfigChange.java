package dev.switchboard.hub;

import dev.switchboard.config.HubConfig;
import dev.switchboard.config.LimitsConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * What a reload from {@code before} to {@code next} may change in a running hub, and what only a restart
 * can: backends, policy and the rates and caps of limits apply at once; the listeners, identity, sessions,
 * routing, audit, and the limits' store and per-user session, stream and follow caps stay as they were.
 */
record ConfigChange(HubConfig before, HubConfig next) {

  /** The sections that changed but wait for a restart, named as in the config file. */
  List<String> needRestart() {
    List<String> sections = new ArrayList<>();
    if (!next.listen().equals(before.listen())) sections.add("listen");
    if (!next.admin().equals(before.admin())) sections.add("admin");
    if (!next.identity().equals(before.identity())) sections.add("identity");
    if (!next.sessions().equals(before.sessions())) sections.add("sessions");
    if (!next.routing().equals(before.routing())) sections.add("routing");
    if (!next.audit().equals(before.audit())) sections.add("audit");
    if (!next.tracing().equals(before.tracing())) sections.add("tracing");
    if (!next.logging().equals(before.logging())) sections.add("logging");
    if (!next.limits().store().equals(before.limits().store()) || !next.limits().redis().equals(before.limits().redis())) {
      sections.add("limits.store/redis");
    }
    if (!caps(next.limits()).equals(caps(before.limits()))) {
      sections.add("limits.maxSessionsPerUser/maxStreamsPerUser/maxFollowsPerUser");
    }
    return sections;
  }

  /** The per-user session, stream and follow caps in force (none while limits are off). */
  private static List<Integer> caps(LimitsConfig l) {
    return l.enabled() ? List.of(l.maxSessionsPerUser(), l.maxStreamsPerUser(), l.maxFollowsPerUser()) : List.of();
  }

  boolean policyChanged() {
    return !next.policy().equals(before.policy());
  }

  boolean limitsChanged() {
    return !limits().equals(before.limits());
  }

  /** The limits that apply after the reload: the new rates and in-flight cap, the rest as before. */
  LimitsConfig limits() {
    LimitsConfig n = next.limits();
    LimitsConfig b = before.limits();
    return new LimitsConfig(n.enabled(), n.methods(), n.user(), n.userLists(), n.users(), n.tools(), n.backends(),
        n.maxInFlightPerUser(), b.maxSessionsPerUser(), b.maxStreamsPerUser(), b.maxFollowsPerUser(), b.store(),
        b.redis(), n.groups(), n.tags());
  }

  /** The config the hub runs on after the reload, with {@code limits} as the limiter took them. */
  HubConfig applied(LimitsConfig limits) {
    return new HubConfig(before.listen(), before.admin(), before.identity(), next.policy(), limits, before.sessions(),
        before.routing(), before.audit(), next.backends(), before.logging(), before.tracing());
  }
}
