package dev.switchboard.routing;

import dev.switchboard.config.HubConfig;
import dev.switchboard.config.LimitsConfig;
import dev.switchboard.config.PolicyConfig;
import dev.switchboard.protocol.Patterns;
import java.util.ArrayList;
import java.util.List;

/**
 * Tool and prompt patterns in the config (policy rules, per-tool limits) that match nothing the backends offer:
 * most often a typo, which would grant, deny or limit nothing without a word. Checked against a catalog with
 * every backend up (a backend that is down offers nothing to match); the hub logs each as a warning.
 */
public final class UnmatchedPatterns {
  private static final System.Logger LOG = System.getLogger(UnmatchedPatterns.class.getName());

  private UnmatchedPatterns() {}

  /** Logs each unmatched pattern once the backends have loaded; with one down, says the check was not made. */
  public static void warn(HubConfig config, CatalogService catalogs) {
    List<String> down = catalogs.unavailable();
    if (!down.isEmpty()) {
      LOG.log(System.Logger.Level.INFO, "Config: tool and prompt patterns not checked against the backends: {0} "
          + "not up", down);
      return;
    }
    in(config, catalogs.current()).forEach(w -> LOG.log(System.Logger.Level.WARNING, "Config: {0}", w));
  }

  /** One line per pattern that matches no exposed name, naming where it is written. */
  public static List<String> in(HubConfig config, Catalog catalog) {
    List<String> tools = catalog.tools().stream().map(e -> e.target().exposedName()).toList();
    List<String> prompts = catalog.prompts().stream().map(e -> e.target().exposedName()).toList();
    List<String> unmatched = new ArrayList<>();
    List<PolicyConfig.Rule> rules = config.policy().rules();
    for (int i = 0; i < rules.size(); i++) {
      check("policy.rules[" + i + "].allow", rules.get(i).allow(), tools, prompts, unmatched);
      check("policy.rules[" + i + "].deny", rules.get(i).deny(), tools, prompts, unmatched);
    }
    List<LimitsConfig.ToolRate> limits = config.limits().tools();
    for (int i = 0; i < limits.size(); i++) {
      unmatchedIn("limits.tools[" + i + "].tool", List.of(limits.get(i).tool()), tools, "tool", unmatched);
    }
    return unmatched;
  }

  private static void check(String at, PolicyConfig.AccessList list, List<String> tools, List<String> prompts,
      List<String> unmatched) {
    unmatchedIn(at + ".tools", list.tools(), tools, "tool", unmatched);
    unmatchedIn(at + ".prompts", list.prompts(), prompts, "prompt", unmatched);
  }

  private static void unmatchedIn(String at, List<String> patterns, List<String> names, String what,
      List<String> unmatched) {
    for (String pattern : patterns) {
      if (pattern != null && names.stream().noneMatch(Patterns.of(List.of(pattern))::matches)) {
        unmatched.add(at + ": '" + pattern + "' matches no " + what + " the backends offer");
      }
    }
  }
}
