package dev.switchboard.policy;

import dev.switchboard.config.HubConfig;
import dev.switchboard.config.PolicyConfig;
import dev.switchboard.identity.Caller;
import dev.switchboard.pipeline.Policy;
import dev.switchboard.protocol.Patterns;
import dev.switchboard.protocol.Primitive;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hub's authorization: the union of the caller's tailnet grants (the values of the configured
 * capability names, from WhoIs or the serve header) and the local allow rules that match the caller,
 * minus every matching deny rule. Deny wins; nothing allowed means denied.
 *
 * <p>Permissions are computed once per subject (login, tags, groups, capabilities) and cached, so list
 * filtering costs a few pattern matches per entry; a changed grant is a different subject.
 */
public final class GrantPolicy implements Policy {
  private static final int MAX_CACHED = 10_000;

  /** The parts of a caller that decide what it may do (not the connection address). */
  private record Subject(String login, List<String> tags, List<String> groups, Map<String, List<Object>> caps) {}

  /** What one subject may use. */
  record Permissions(Access allowed, Access denied) {
    boolean allows(String backend, Primitive kind, String name) {
      return !denied.covers(backend, kind, name) && allowed.covers(backend, kind, name);
    }
  }

  private record CompiledRule(Patterns users, List<String> groups, List<String> tags, Access allow, Access deny) {}

  private final List<String> capabilityNames;
  private final Map<String, List<String>> localGroups;
  private final List<CompiledRule> rules;
  private final Map<Subject, Permissions> cache = new ConcurrentHashMap<>();

  /**
   * The policy a config asks for: deny by default, except in dev mode with no rules at all, where the one
   * local developer is trusted with everything (dev mode trusts its caller by design); any rule switches that off.
   */
  public static Policy forConfig(HubConfig config) {
    if (config.identity().mode().equals("dev") && config.policy().rules().isEmpty()) {
      System.getLogger(GrantPolicy.class.getName()).log(System.Logger.Level.WARNING,
          "Dev identity and no policy rules: {0} may use everything", config.identity().devLogin());
      return Policy.ALLOW_ALL;
    }
    return new GrantPolicy(config.policy());
  }

  public GrantPolicy(PolicyConfig config) {
    this.capabilityNames = config.capabilities();
    this.localGroups = config.groups();
    this.rules = config.rules().stream().map(r -> new CompiledRule(Patterns.of(r.users()), r.groups(), r.tags(),
        access(r.allow()), access(r.deny()))).toList();
  }

  @Override
  public boolean allows(Caller caller, String backend, Primitive kind, String exposedName) {
    return caller != null && permissions(caller).allows(backend, kind, exposedName);
  }

  Permissions permissions(Caller caller) {
    Subject subject = new Subject(caller.login(), caller.tags(), caller.groups(), caller.capabilities());
    Permissions p = cache.get(subject);
    if (p == null) {
      if (cache.size() >= MAX_CACHED) {
        cache.clear(); // bounded: subjects are few in practice; a clear only costs recomputation
      }
      p = compute(caller);
      cache.put(subject, p);
    }
    return p;
  }

  private Permissions compute(Caller caller) {
    Access allowed = Access.NONE;
    Access denied = Access.NONE;
    for (String name : capabilityNames) {
      for (Object grant : caller.capabilities().getOrDefault(name, List.of())) {
        allowed = allowed.plus(Access.fromGrant(grant));
      }
    }
    for (CompiledRule rule : rules) {
      if (applies(rule, caller)) {
        allowed = allowed.plus(rule.allow());
        denied = denied.plus(rule.deny());
      }
    }
    return new Permissions(allowed, denied);
  }

  private boolean applies(CompiledRule rule, Caller caller) {
    boolean person = caller.tags().isEmpty();
    if (person && rule.users().matches(caller.login())) {
      return true;
    }
    if (caller.tags().stream().anyMatch(rule.tags()::contains)) {
      return true;
    }
    for (String group : rule.groups()) {
      if (person && (caller.groups().contains(group) || localGroups.getOrDefault(group, List.of()).contains(caller.login()))) {
        return true;
      }
    }
    return false;
  }

  private static Access access(PolicyConfig.AccessList list) {
    return Access.of(list.tools(), list.prompts(), list.resources(), list.backends());
  }
}
