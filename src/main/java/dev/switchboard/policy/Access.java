package dev.switchboard.policy;

import dev.switchboard.protocol.Patterns;
import dev.switchboard.protocol.Primitive;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * What one grant or rule covers: glob patterns over exposed tool and prompt names and resource URIs, and
 * whole backends. This is also the documented value schema of the Switchboard capability in a tailnet
 * grant: {@code {"tools": [...], "prompts": [...], "resources": [...], "backends": [...]}}.
 */
public record Access(Patterns tools, Patterns prompts, Patterns resources, Patterns backends) {
  public static final Access NONE = new Access(Patterns.NONE, Patterns.NONE, Patterns.NONE, Patterns.NONE);

  public static Access of(List<String> tools, List<String> prompts, List<String> resources, List<String> backends) {
    return new Access(Patterns.of(tools), Patterns.of(prompts), Patterns.of(resources), Patterns.of(backends));
  }

  /**
   * Reads one grant value. Unknown keys are ignored (grants may carry e.g. {@code rateLimit}); values of
   * the wrong type cover nothing, so a malformed grant can only ever grant less. Also accepts the
   * {@code mcp_tools} / {@code mcp_resources} spellings of Tailscale's Aperture gateway.
   */
  public static Access fromGrant(Object value) {
    if (!(value instanceof JsonObject g)) {
      return NONE;
    }
    List<String> tools = strings(g, "tools");
    tools.addAll(strings(g, "mcp_tools"));
    List<String> resources = strings(g, "resources");
    resources.addAll(strings(g, "mcp_resources"));
    return of(tools, strings(g, "prompts"), resources, strings(g, "backends"));
  }

  public boolean covers(String backend, Primitive kind, String name) {
    if (backends.matches(backend)) {
      return true;
    }
    return switch (kind) {
      case TOOL -> tools.matches(name);
      case PROMPT -> prompts.matches(name);
      case RESOURCE -> resources.matches(name);
    };
  }

  public Access plus(Access other) {
    return new Access(tools.plus(other.tools), prompts.plus(other.prompts), resources.plus(other.resources),
        backends.plus(other.backends));
  }

  private static List<String> strings(JsonObject g, String key) {
    List<String> out = new ArrayList<>();
    if (g.getValue(key) instanceof JsonArray a) {
      a.forEach(v -> {
        if (v instanceof String s) {
          out.add(s);
        }
      });
    }
    return out;
  }
}
