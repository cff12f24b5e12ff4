package dev.switchboard.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How the backends' catalogs merge into one (name prefixes, their separator, name length, page size) and
 * how their health is watched: a probe in the backend's era ({@code ping}; {@code server/discover} for
 * 2026-07-28) every {@code healthInterval}, any JSON-RPC answer counting as alive; {@code unhealthyAfter} failures
 * in a row open the backend's circuit (its names hidden, calls refused at once) until a retry succeeds.
 */
public record RoutingConfig(
    @JsonProperty("prefix") PrefixMode prefix,
    @JsonProperty("separator") String separator,
    @JsonProperty("maxNameLength") Integer maxNameLength,
    @JsonProperty("pageSize") Integer pageSize,
    @JsonProperty("listTtl") Durations.Value listTtl,
    @JsonProperty("healthInterval") Durations.Value healthInterval,
    @JsonProperty("unhealthyAfter") Integer unhealthyAfter) {

  /** {@code auto}: prefix only when more than one backend is configured. */
  public enum PrefixMode {
    @JsonProperty("auto") AUTO,
    @JsonProperty("always") ALWAYS,
    @JsonProperty("never") NEVER
  }

  public RoutingConfig {
    prefix = prefix != null ? prefix : PrefixMode.AUTO;
    separator = separator != null ? separator : "__";
    maxNameLength = maxNameLength != null ? maxNameLength : 64;
    pageSize = pageSize != null ? pageSize : 100;
    listTtl = listTtl != null ? listTtl : Durations.Value.parse("60s");
    healthInterval = healthInterval != null ? healthInterval : Durations.Value.parse("10s");
    unhealthyAfter = unhealthyAfter != null ? unhealthyAfter : 3;
  }

  static RoutingConfig defaults() {
    return new RoutingConfig(null, null, null, null, null, null, null);
  }
}
