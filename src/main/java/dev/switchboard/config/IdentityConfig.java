package dev.switchboard.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Where caller identity comes from: {@code whois} (tailscaled's LocalAPI), {@code serve-headers} (a local
 * {@code tailscale serve} in front of the hub) or {@code dev} (one fixed local identity, loopback only).
 */
public record IdentityConfig(
    @JsonProperty("mode") String mode,
    @JsonProperty("socket") String socket,
    @JsonProperty("timeout") Durations.Value timeout,
    @JsonProperty("trustedProxies") List<String> trustedProxies,
    @JsonProperty("devLogin") String devLogin,
    @JsonProperty("devDisplayName") String devDisplayName) {

  public IdentityConfig {
    mode = mode != null ? mode : "dev";
    socket = socket != null ? socket : "/var/run/tailscale/tailscaled.sock";
    timeout = timeout != null ? timeout : Durations.Value.parse("2s");
    trustedProxies = trustedProxies != null ? List.copyOf(trustedProxies) : List.of("127.0.0.1", "::1");
    devLogin = devLogin != null ? devLogin : "dev@localhost";
    devDisplayName = devDisplayName != null ? devDisplayName : "Local Developer";
  }

  static IdentityConfig defaults() {
    return new IdentityConfig(null, null, null, null, null, null);
  }
}
