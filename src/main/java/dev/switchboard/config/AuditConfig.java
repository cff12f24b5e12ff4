package dev.switchboard.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The audit trail: where it lives, how durable a record must be before the call is answered, what happens
 * when it cannot be written, and how much of a call's arguments it keeps. Off unless configured.
 */
public record AuditConfig(
    @JsonProperty("enabled") Boolean enabled,
    @JsonProperty("dir") String dir,
    @JsonProperty("durability") String durability,
    @JsonProperty("failure") String failure,
    @JsonProperty("arguments") String arguments,
    @JsonProperty("redactKeys") List<String> redactKeys,
    @JsonProperty("redactPointers") List<String> redactPointers,
    @JsonProperty("maxArgumentBytes") Integer maxArgumentBytes,
    @JsonProperty("listCalls") Boolean listCalls,
    @JsonProperty("maxFileBytes") Long maxFileBytes,
    @JsonProperty("checkpointEvery") Integer checkpointEvery,
    @JsonProperty("checkpointInterval") Durations.Value checkpointInterval,
    @JsonProperty("keyEnv") String keyEnv,
    @JsonProperty("keyFile") String keyFile,
    @JsonProperty("stdout") Boolean stdout,
    @JsonProperty("queueMax") Integer queueMax,
    @JsonProperty("refusals") Refusals refusals) {

  public static final List<String> DEFAULT_REDACT_KEYS = List.of("password", "passwd", "secret", "token",
      "access_token", "refresh_token", "api_key", "apikey", "authorization", "cookie", "private_key");

  public AuditConfig {
    enabled = enabled != null ? enabled : true;
    dir = dir != null ? dir : "audit";
    durability = durability != null ? durability : "fsync";
    failure = failure != null ? failure : "closed";
    arguments = arguments != null ? arguments : "redacted";
    redactKeys = redactKeys != null ? List.copyOf(redactKeys) : DEFAULT_REDACT_KEYS;
    redactPointers = redactPointers != null ? List.copyOf(redactPointers) : List.of();
    maxArgumentBytes = maxArgumentBytes != null ? maxArgumentBytes : 65_536;
    listCalls = listCalls != null ? listCalls : false;
    maxFileBytes = maxFileBytes != null ? maxFileBytes : 64L * 1024 * 1024;
    checkpointEvery = checkpointEvery != null ? checkpointEvery : 1000;
    checkpointInterval = checkpointInterval != null ? checkpointInterval : Durations.Value.parse("60s");
    stdout = stdout != null ? stdout : false;
    queueMax = queueMax != null ? queueMax : 65_536;
    refusals = refusals != null ? refusals : new Refusals(null, null);
  }

  /**
   * How many records refusals (denied, rate-limited, unknown names, identity failures) may add per source
   * and reason: {@code burst} in full per {@code interval}, the rest counted in one summary record.
   */
  public record Refusals(
      @JsonProperty("burst") Integer burst,
      @JsonProperty("interval") Durations.Value interval) {

    public Refusals {
      burst = burst != null ? burst : 20;
      interval = interval != null ? interval : Durations.Value.parse("60s");
    }
  }

  static AuditConfig disabled() {
    return new AuditConfig(false, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null);
  }

  public boolean fsync() {
    return durability.equals("fsync");
  }

  public boolean failClosed() {
    return failure.equals("closed");
  }
}
