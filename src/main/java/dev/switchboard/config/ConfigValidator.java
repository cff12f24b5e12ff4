package dev.switchboard.config;

import dev.switchboard.protocol.LiteralRuns;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks what types alone cannot: ranges, required fields per backend type, unique names, safe binds. */
final class ConfigValidator {
  private static final Pattern BACKEND_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
  private static final Set<String> IDENTITY_MODES = Set.of("dev", "whois", "serve-headers");
  private final String source;
  private final YamlLines lines;

  ConfigValidator(String source, YamlLines lines) {
    this.source = source;
    this.lines = lines;
  }

  void validate(HubConfig c) {
    ListenConfig l = c.listen();
    require(l.port() >= 0 && l.port() <= 65535, "listen.port", "must be between 0 and 65535, got " + l.port());
    require(l.path().startsWith("/"), "listen.path", "must start with '/', got '" + l.path() + "'");
    require(l.maxBodyBytes() >= 1024, "listen.maxBodyBytes", "must be at least 1024");
    require(l.requestTimeout().millis() > 0, "listen.requestTimeout", "must be positive");
    for (String origin : l.allowedOrigins()) {
      require(origin.matches("https?://[^/\\s]+") || origin.equals("*"), "listen.allowedOrigins",
          "'" + origin + "' is not an origin like https://app.example.com");
    }
    require(c.admin().port() >= 0 && c.admin().port() <= 65535, "admin.port", "must be between 0 and 65535");
    require(!c.admin().enabled() || c.admin().port() == 0 || !c.admin().port().equals(l.port())
        || !c.admin().host().equals(l.host()), "admin.port", "must differ from listen.port");
    require(c.admin().userLabels() >= 0, "admin.userLabels", "must not be negative");
    List<Durations.Value> buckets = c.admin().latencyBuckets();
    require(!buckets.isEmpty() && buckets.size() <= 30, "admin.latencyBuckets", "name 1 to 30 bucket bounds");
    for (int i = 0; i < buckets.size(); i++) {
      require(buckets.get(i).millis() > 0 && (i == 0 || buckets.get(i).millis() > buckets.get(i - 1).millis()),
          "admin.latencyBuckets", "bounds must be positive and increasing, got " + buckets);
    }
    validateIdentity(c);
    require(c.sessions().max() > 0, "sessions.max", "must be positive");
    require(c.sessions().replayWindow() >= 0, "sessions.replayWindow", "must not be negative");
    require(c.sessions().idleTimeout().millis() >= 1000, "sessions.idleTimeout", "must be at least 1s");
    require(c.sessions().keepAlive().millis() >= 1000, "sessions.keepAlive", "must be at least 1s");
    RoutingConfig r = c.routing();
    require(!r.separator().isEmpty() && r.separator().matches("[A-Za-z0-9_.-]+"), "routing.separator",
        "must be non-empty and use only letters, digits, '_', '.' or '-'");
    require(r.maxNameLength() >= 16 && r.maxNameLength() <= 256, "routing.maxNameLength", "must be 16..256");
    require(r.pageSize() >= 1 && r.pageSize() <= 10_000, "routing.pageSize", "must be 1..10000");
    require(r.healthInterval().millis() >= 100, "routing.healthInterval", "must be at least 100ms");
    require(r.unhealthyAfter() >= 1, "routing.unhealthyAfter", "must be at least 1");
    require(c.tracing().sampleRatio() >= 0 && c.tracing().sampleRatio() <= 1, "tracing.sampleRatio",
        c.tracing().sampleRatio() + " is not between 0 and 1");
    require(c.tracing().endpoint() == null || isHttpUrl(c.tracing().endpoint()),
        "tracing.endpoint", "'" + c.tracing().endpoint() + "' is not an http(s) URL such as http://127.0.0.1:4318");
    require(Set.of("text", "json").contains(c.logging().format()), "logging.format",
        "'" + c.logging().format() + "' is not text or json");
    require(Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF").contains(c.logging().level().toUpperCase(
        java.util.Locale.ROOT)), "logging.level", "'" + c.logging().level() + "' is not one of TRACE, DEBUG, INFO, WARN, ERROR, OFF");
    validateBackends(c);
    validateReferences(c);
    validateLimits(c.limits());
    validateAudit(c.audit());
  }

  private void validateAudit(AuditConfig a) {
    if (!a.enabled()) {
      return;
    }
    require(!a.dir().isBlank(), "audit.dir", "must name a directory");
    require(Set.of("fsync", "flush").contains(a.durability()), "audit.durability",
        "'" + a.durability() + "' is not fsync or flush");
    require(Set.of("closed", "open").contains(a.failure()), "audit.failure", "'" + a.failure() + "' is not closed or open");
    require(Set.of("full", "redacted", "digest").contains(a.arguments()), "audit.arguments",
        "'" + a.arguments() + "' is not full, redacted or digest");
    for (String p : a.redactPointers()) {
      require(p.startsWith("/"), "audit.redactPointers", "'" + p + "' is not a JSON pointer like /auth/token");
    }
    require(a.maxArgumentBytes() >= 0 && a.maxArgumentBytes() <= 16 * 1024 * 1024, "audit.maxArgumentBytes",
        "must be between 0 and 16777216 (larger arguments are kept as a digest)");
    require(a.maxFileBytes() >= 4096, "audit.maxFileBytes", "must be at least 4096");
    require(a.checkpointEvery() >= 1, "audit.checkpointEvery", "must be at least 1");
    require(a.checkpointInterval().millis() >= 100, "audit.checkpointInterval", "must be at least 100ms");
    require(a.refusals().burst() >= 1, "audit.refusals.burst", "must be at least 1");
    require(a.refusals().interval().millis() >= 1000, "audit.refusals.interval", "must be at least 1s");
    require(a.queueMax() >= 16, "audit.queueMax", "must be at least 16");
    require(a.keyEnv() == null || a.keyFile() == null, "audit.keyEnv", "give keyEnv or keyFile, not both");
  }

  private void validateLimits(LimitsConfig l) {
    rate(l.user(), "limits.user");
    rate(l.userLists(), "limits.userLists");
    l.users().forEach((user, r) -> rate(r, "limits.users." + user));
    l.groups().forEach((group, r) -> {
      require(group.startsWith("group:"), "limits.groups." + group, "must name a tailnet group like group:eng");
      rate(r, "limits.groups." + group);
    });
    l.tags().forEach((tag, r) -> {
      require(tag.startsWith("tag:"), "limits.tags." + tag, "must name a node tag like tag:ci");
      rate(r, "limits.tags." + tag);
    });
    l.backends().forEach((backend, r) -> rate(r, "limits.backends." + backend));
    for (int i = 0; i < l.tools().size(); i++) {
      require(l.tools().get(i).tool() != null, "limits.tools[" + i + "].tool", "is required (a tool name glob)");
      rate(l.tools().get(i).rate(), "limits.tools[" + i + "]");
    }
    require(l.maxInFlightPerUser() > 0, "limits.maxInFlightPerUser", "must be positive");
    require(l.maxSessionsPerUser() > 0, "limits.maxSessionsPerUser", "must be positive");
    require(l.maxStreamsPerUser() > 0, "limits.maxStreamsPerUser", "must be positive");
    require(l.maxFollowsPerUser() > 0, "limits.maxFollowsPerUser", "must be positive");
    require(Set.of("local", "redis").contains(l.store()), "limits.store", "'" + l.store() + "' is not local or redis");
    require(Set.of("local", "closed").contains(l.redis().onFailure()), "limits.redis.onFailure",
        "'" + l.redis().onFailure() + "' is not local or closed");
    require(l.redis().url().startsWith("redis://") || l.redis().url().startsWith("rediss://"), "limits.redis.url",
        "'" + l.redis().url() + "' is not a redis:// or rediss:// URL");
    require(l.redis().timeout().millis() > 0, "limits.redis.timeout", "must be positive");
    require(l.redis().instances() >= 1, "limits.redis.instances", "must be at least 1 (the hubs sharing these limits)");
  }

  private void rate(LimitsConfig.Rate r, String key) {
    require(r.perMinute() == null || r.perSecond() == null, key, "give perMinute or perSecond, not both");
    require(r.tokensPerSecond() > 0, key, "needs a positive perMinute or perSecond");
    require(r.burst() == null || r.burst() >= 1, key + ".burst", "must be at least 1");
  }

  private void validateIdentity(HubConfig c) {
    String mode = c.identity().mode();
    require(IDENTITY_MODES.contains(mode), "identity.mode", "'" + mode + "' is not one of dev, whois, serve-headers");
    if (mode.equals("dev")) {
      require(isLoopback(c.listen().host()), "identity.mode",
          "'dev' trusts every caller and only runs on a loopback address, but listen.host is "
              + c.listen().host());
    }
    require(c.identity().timeout().millis() > 0, "identity.timeout", "must be positive");
    for (String proxy : c.identity().trustedProxies()) {
      try {
        AddressRange.parse(proxy);
      } catch (IllegalArgumentException e) {
        require(false, "identity.trustedProxies", e.getMessage());
      }
    }
    require(!c.policy().capabilities().isEmpty(), "policy.capabilities", "name at least one capability");
    for (int i = 0; i < c.policy().rules().size(); i++) {
      var r = c.policy().rules().get(i);
      require(!(r.users().isEmpty() && r.groups().isEmpty() && r.tags().isEmpty()), "policy.rules[" + i + "]",
          "says whom it applies to: users, groups or tags (use users: ['*'] for every user)");
      for (String g : r.groups()) {
        require(g.startsWith("group:") || c.policy().groups().containsKey(g), "policy.rules[" + i + "].groups",
            "'" + g + "' is neither a tailnet group (group:...) nor defined under policy.groups");
      }
    }
  }

  private void validateBackends(HubConfig c) {
    require(!c.backends().isEmpty(), "backends", "at least one backend is required");
    Set<String> names = new HashSet<>();
    Set<String> prefixes = new HashSet<>();
    for (int i = 0; i < c.backends().size(); i++) {
      BackendConfig b = c.backends().get(i);
      String at = "backends[" + i + "]";
      require(b.name() != null, at + ".name", "is required");
      require(BACKEND_NAME.matcher(b.name()).matches(), at + ".name",
          "'" + b.name() + "' must be 1-32 lower-case letters, digits, '-' or '_'");
      require(names.add(b.name()), at + ".name", "'" + b.name() + "' is used by another backend");
      require(prefixes.add(b.prefix()), at + ".prefix", "'" + b.prefix() + "' is used by another backend");
      require(b.type() != null, at + ".type", "is required (builtin, http, sse or stdio)");
      require(b.timeout().millis() > 0, at + ".timeout", "must be positive");
      // 0 would be no connect timeout at all: a blackholed address would hold each attempt until the deadline.
      require(b.connectTimeout().millis() > 0, at + ".connectTimeout", "must be positive");
      require(b.connectTimeout().millis() <= Integer.MAX_VALUE, at + ".connectTimeout", "must be under 24 days");
      if (b.type() == BackendConfig.Type.HTTP || b.type() == BackendConfig.Type.SSE) {
        require(b.url() != null, at + ".url", "is required for an " + b.type().name().toLowerCase() + " backend");
        require(isHttpUrl(b.url()), at + ".url", "'" + b.url() + "' is not an http(s) URL");
      } else {
        require(b.url() == null, at + ".url", "is not used by a " + b.type().name().toLowerCase() + " backend");
      }
      require(Set.of("per-user", "per-client-session", "shared").contains(b.sharing()), at + ".sharing",
          "'" + b.sharing() + "' is not per-user, per-client-session or shared");
      require(b.idleTimeout().millis() >= 1000, at + ".idleTimeout", "must be at least 1s");
      require(b.maxConcurrent() > 0, at + ".maxConcurrent", "must be positive");
      require(b.maxStreams() > 0, at + ".maxStreams", "must be positive");
      if (b.type() == BackendConfig.Type.STDIO) {
        require(b.command() != null && !b.command().isBlank(), at + ".command", "is required for a stdio backend");
        require(b.maxProcesses() > 0, at + ".maxProcesses", "must be positive");
      } else {
        require(b.command() == null, at + ".command", "is only for stdio backends");
      }
    }
  }

  static boolean isLoopback(String host) {
    return host.equals("localhost") || host.equals("::1") || host.equals("[::1]") || host.startsWith("127.");
  }

  private static boolean isHttpUrl(String url) {
    try {
      URI u = new URI(url);
      return (u.getScheme().equals("http") || u.getScheme().equals("https")) && u.getHost() != null;
    } catch (Exception e) {
      return false;
    }
  }

  /**
   * Whatever names a backend must name one that is configured: a rule or limit for a misspelt backend was
   * accepted silently and then applied to nothing. (Tool and prompt patterns name what backends offer, which
   * only the running hub knows.)
   */
  private void validateReferences(HubConfig c) {
    List<String> names = c.backends().stream().map(BackendConfig::name).toList();
    for (int i = 0; i < c.policy().rules().size(); i++) {
      PolicyConfig.Rule rule = c.policy().rules().get(i);
      backendPatterns(rule.allow().backends(), "policy.rules[" + i + "].allow.backends", names);
      backendPatterns(rule.deny().backends(), "policy.rules[" + i + "].deny.backends", names);
    }
    c.limits().backends().keySet().forEach(backend -> require(names.contains(backend), "limits.backends." + backend,
        "'" + backend + "' is not a configured backend (backends: " + String.join(", ", names) + ")"));
  }

  private void backendPatterns(List<String> patterns, String key, List<String> names) {
    for (String pattern : patterns) {
      LiteralRuns glob = LiteralRuns.glob(pattern);
      require(names.stream().anyMatch(glob::matches), key, "'" + pattern + "' names no configured backend (backends: "
          + String.join(", ", names) + ")");
    }
  }

  /** Fails with the file, the line of the key (or of the nearest key above it that is written) and the key. */
  private void require(boolean ok, String key, String problem) {
    if (!ok) {
      throw new ConfigException(lines.where(source, key) + ": " + problem);
    }
  }
}
