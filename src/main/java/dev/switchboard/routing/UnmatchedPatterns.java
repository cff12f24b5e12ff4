package dev.switchboard.routing;

import dev.switchboard.config.HubConfig;
import dev.switchboard.config.LimitsConfig;
import dev.switchboard.config.PolicyConfig;
import dev.switchboard.protocol.Patterns;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Tool and prompt patterns in the config (policy rules, per-tool limits) that match nothing the backends offer:
 * most often a typo, which would grant, deny or limit nothing without a word. Checked against a catalog with
 * every backend up (a backend that is down offers nothing to match); the hub logs each as a warning.
 */
public final class UnmatchedPatterns {
  private static final System.Logger LOG = System.getLogger(UnmatchedPatterns.class.getName());

  private UnmatchedPatterns() {}

  /**
   * Logs each unmatched pattern as a warning the first time every configured backend is up — after start-up,
   * and again after each reload (the returned action: call it once a reload is applied). A backend that is down
   * offers nothing to match, so the check waits for it.
   */
  public static Runnable watch(Supplier<HubConfig> config, CatalogService catalogs) {
    AtomicBoolean pending = new AtomicBoolean(true);
    Runnable checkIfAllUp = () -> {
      if (catalogs.unavailable().isEmpty() && pending.compareAndSet(true, false)) {
        in(config.get(), catalogs.current()).forEach(w -> LOG.log(System.Logger.Level.WARNING, "Config: {0}", w));
      }
    };
    catalogs.onBackendState((backend, state, detail) -> {
      if (state.equals("up")) {
        checkIfAllUp.run();
      }
    });
    return () -> {
      pending.set(true);
      checkIfAllUp.run();
    };
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
