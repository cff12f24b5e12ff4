package dev.switchboard.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Legacy-era sessions: how long an idle one lives, how many may exist, how much of a stream is replayable. */
public record SessionConfig(
    @JsonProperty("idleTimeout") Durations.Value idleTimeout,
    @JsonProperty("max") Integer max,
    @JsonProperty("replayWindow") Integer replayWindow,
    @JsonProperty("keepAlive") Durations.Value keepAlive) {

  public SessionConfig {
    idleTimeout = idleTimeout != null ? idleTimeout : Durations.Value.parse("30m");
    max = max != null ? max : 10_000;
    replayWindow = replayWindow != null ? replayWindow : 256;
    keepAlive = keepAlive != null ? keepAlive : Durations.Value.parse("15s");
  }

  static SessionConfig defaults() {
    return new SessionConfig(null, null, null, null);
  }
}
