package dev.switchboard.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where caller identity comes from. This build ships the loopback-only dev identity. */
public record IdentityConfig(
    @JsonProperty("mode") String mode,
    @JsonProperty("devLogin") String devLogin,
    @JsonProperty("devDisplayName") String devDisplayName) {

  public IdentityConfig {
    mode = mode != null ? mode : "dev";
    devLogin = devLogin != null ? devLogin : "dev@localhost";
    devDisplayName = devDisplayName != null ? devDisplayName : "Local Developer";
  }

  static IdentityConfig defaults() {
    return new IdentityConfig(null, null, null);
  }
}
