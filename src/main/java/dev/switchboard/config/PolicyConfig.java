package dev.switchboard.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Authorization: which tailnet capability names carry Switchboard grants, named groups of logins, and local
 * rules for what the tailnet policy does not express. Deny rules win; what nothing allows is denied.
 */
public record PolicyConfig(
    @JsonProperty("capabilities") List<String> capabilities,
    @JsonProperty("groups") Map<String, List<String>> groups,
    @JsonProperty("rules") List<Rule> rules) {

  public static final String DEFAULT_CAPABILITY = "switchboard.dev/cap/mcp";

  public PolicyConfig {
    capabilities = capabilities != null ? List.copyOf(capabilities) : List.of(DEFAULT_CAPABILITY);
    groups = groups != null ? Map.copyOf(groups) : Map.of();
    rules = rules != null ? List.copyOf(rules) : List.of();
  }

  static PolicyConfig defaults() {
    return new PolicyConfig(null, null, null);
  }

  /**
   * A local rule: applies to callers matching any of {@code users} (login globs), {@code groups} (local
   * groups above, or tailnet groups such as {@code group:eng}) or {@code tags}; grants {@code allow} and
   * takes away {@code deny}.
   */
  public record Rule(
      @JsonProperty("users") List<String> users,
      @JsonProperty("groups") List<String> groups,
      @JsonProperty("tags") List<String> tags,
      @JsonProperty("allow") AccessList allow,
      @JsonProperty("deny") AccessList deny) {

    public Rule {
      users = users != null ? List.copyOf(users) : List.of();
      groups = groups != null ? List.copyOf(groups) : List.of();
      tags = tags != null ? List.copyOf(tags) : List.of();
      allow = allow != null ? allow : AccessList.EMPTY;
      deny = deny != null ? deny : AccessList.EMPTY;
    }
  }

  /** Glob patterns per kind: exposed tool and prompt names, resource URIs, backend names. */
  public record AccessList(
      @JsonProperty("tools") List<String> tools,
      @JsonProperty("prompts") List<String> prompts,
      @JsonProperty("resources") List<String> resources,
      @JsonProperty("backends") List<String> backends) {

    static final AccessList EMPTY = new AccessList(null, null, null, null);

    public AccessList {
      tools = tools != null ? List.copyOf(tools) : List.of();
      prompts = prompts != null ? List.copyOf(prompts) : List.of();
      resources = resources != null ? List.copyOf(resources) : List.of();
      backends = backends != null ? List.copyOf(backends) : List.of();
    }
  }
}
