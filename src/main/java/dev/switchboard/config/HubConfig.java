package dev.switchboard.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The whole configuration, immutable once loaded. Sections are optional in YAML and default sensibly. */
public record HubConfig(
    @JsonProperty("listen") ListenConfig listen,
    @JsonProperty("admin") AdminConfig admin,
    @JsonProperty("identity") IdentityConfig identity,
    @JsonProperty("policy") PolicyConfig policy,
    @JsonProperty("limits") LimitsConfig limits,
    @JsonProperty("sessions") SessionConfig sessions,
    @JsonProperty("routing") RoutingConfig routing,
    @JsonProperty("audit") AuditConfig audit,
    @JsonProperty("backends") List<BackendConfig> backends,
    @JsonProperty("logging") LoggingConfig logging,
    @JsonProperty("tracing") TracingConfig tracing) {

  public HubConfig {
    listen = listen != null ? listen : ListenConfig.defaults();
    admin = admin != null ? admin : AdminConfig.disabled();
    identity = identity != null ? identity : IdentityConfig.defaults();
    policy = policy != null ? policy : PolicyConfig.defaults();
    limits = limits != null ? limits : LimitsConfig.defaults();
    sessions = sessions != null ? sessions : SessionConfig.defaults();
    routing = routing != null ? routing : RoutingConfig.defaults();
    audit = audit != null ? audit : AuditConfig.disabled();
    backends = backends != null ? List.copyOf(backends) : List.of();
    logging = logging != null ? logging : LoggingConfig.defaults();
    tracing = tracing != null ? tracing : TracingConfig.defaults();
  }

  /**
   * When a client connection on which nothing moved either way is closed: twice the longest quiet the hub
   * itself allows (a call's deadline, a stream's keep-alive), so only stalled clients and idle keep-alive
   * connections are closed, never a call or a stream in progress.
   */
  public int connectionIdleMillis() {
    return (int) Math.min(Integer.MAX_VALUE, 2 * Math.max(listen.requestTimeout().millis(),
        sessions.keepAlive().millis()) + 2_000);
  }
}
