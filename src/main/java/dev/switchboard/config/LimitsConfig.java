package dev.switchboard.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Fair use: token buckets per user (calls, and lists on a looser bucket), per user × tool pattern, per
 * backend (everyone together), and caps on a user's concurrent calls. A user's rate: a per-user override,
 * else the most generous override of the caller's tailnet groups or node tags, else the most generous rate
 * granted in the tailnet policy ({@code rateLimit} in the grant value), else the default.
 */
public record LimitsConfig(
    @JsonProperty("enabled") Boolean enabled,
    @JsonProperty("methods") List<String> methods,
    @JsonProperty("user") Rate user,
    @JsonProperty("userLists") Rate userLists,
    @JsonProperty("users") Map<String, Rate> users,
    @JsonProperty("tools") List<ToolRate> tools,
    @JsonProperty("backends") Map<String, Rate> backends,
    @JsonProperty("maxInFlightPerUser") Integer maxInFlightPerUser,
    @JsonProperty("maxSessionsPerUser") Integer maxSessionsPerUser,
    @JsonProperty("maxStreamsPerUser") Integer maxStreamsPerUser,
    @JsonProperty("maxFollowsPerUser") Integer maxFollowsPerUser,
    @JsonProperty("store") String store,
    @JsonProperty("redis") RedisStore redis,
    @JsonProperty("groups") Map<String, Rate> groups,
    @JsonProperty("tags") Map<String, Rate> tags) {

  public LimitsConfig {
    enabled = enabled != null ? enabled : true;
    methods = methods != null ? List.copyOf(methods) : List.of("tools/call", "resources/read", "prompts/get");
    user = user != null ? user : new Rate(600.0, null, null);
    userLists = userLists != null ? userLists : new Rate(1200.0, null, null);
    users = users != null ? Map.copyOf(users) : Map.of();
    tools = tools != null ? List.copyOf(tools) : List.of();
    backends = backends != null ? Map.copyOf(backends) : Map.of();
    maxInFlightPerUser = maxInFlightPerUser != null ? maxInFlightPerUser : 32;
    maxSessionsPerUser = maxSessionsPerUser != null ? maxSessionsPerUser : 64;
    maxStreamsPerUser = maxStreamsPerUser != null ? maxStreamsPerUser : 64;
    maxFollowsPerUser = maxFollowsPerUser != null ? maxFollowsPerUser : 64;
    store = store != null ? store : "local";
    redis = redis != null ? redis : new RedisStore(null, null, null, null, null);
    groups = groups != null ? Map.copyOf(groups) : Map.of();
    tags = tags != null ? Map.copyOf(tags) : Map.of();
  }

  static LimitsConfig defaults() {
    return new LimitsConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /**
   * Buckets shared by several hub instances ({@code store: redis}). {@code onFailure}: {@code local} falls
   * back to this instance's own buckets while Redis is unreachable, each with a 1/{@code instances} share
   * of every rate and burst so that the instances together stay within the limit; {@code closed} refuses
   * calls.
   */
  public record RedisStore(
      @JsonProperty("url") String url,
      @JsonProperty("timeout") Durations.Value timeout,
      @JsonProperty("onFailure") String onFailure,
      @JsonProperty("keyPrefix") String keyPrefix,
      @JsonProperty("instances") Integer instances) {

    public RedisStore {
      instances = instances != null ? instances : 2;
      url = url != null ? url : "redis://127.0.0.1:6379";
      timeout = timeout != null ? timeout : Durations.Value.parse("250ms");
      onFailure = onFailure != null ? onFailure : "local";
      keyPrefix = keyPrefix != null ? keyPrefix : "switchboard:rl:";
    }
  }

  /** A rate: {@code perMinute} or {@code perSecond}, and a {@code burst} (default: ten seconds' worth, at least 1). */
  public record Rate(
      @JsonProperty("perMinute") Double perMinute,
      @JsonProperty("perSecond") Double perSecond,
      @JsonProperty("burst") Double burst) {

    public double tokensPerSecond() {
      return perSecond != null ? perSecond : perMinute != null ? perMinute / 60.0 : 0;
    }

    public double burstOrDefault() {
      return burst != null ? burst : Math.max(1, Math.ceil(10 * tokensPerSecond()));
    }
  }

  /** A rate for each user on the tools matching {@code tool} (a glob over exposed names). */
  public record ToolRate(
      @JsonProperty("tool") String tool,
      @JsonProperty("perMinute") Double perMinute,
      @JsonProperty("perSecond") Double perSecond,
      @JsonProperty("burst") Double burst) {

    public Rate rate() {
      return new Rate(perMinute, perSecond, burst);
    }
  }
}
