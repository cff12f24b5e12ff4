package dev.switchboard.routing;

import dev.switchboard.pipeline.Policy;
import dev.switchboard.pipeline.Target;
import dev.switchboard.protocol.LiteralRuns;
import dev.switchboard.protocol.ParamHeaders;
import dev.switchboard.protocol.Primitive;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The merged view of all backends, as one server: an immutable snapshot, replaced whole when a backend's
 * offer changes. Tools and prompts are renamed by {@link NameMapper}; resource URIs keep their meaning
 * (clients show and reuse them) and are routed back by exact URI or by the template that produced them.
 */
public final class Catalog {
  /** The longest resource URI routed (RFC 9110 asks for at least 8,000 octets in a request line). */
  public static final int MAX_URI_CHARS = 8192;

  /**
   * One thing the catalog offers. A tool's {@code mirrored} parameters are those its schema asks clients to send as
   * {@code Mcp-Param-*} headers, worked out once per catalog (none when its annotations are invalid: a 2026-07-28
   * client then leaves the tool out, and the hub expects no header for it).
   */
  public record Entry(Target target, JsonObject definition, List<ParamHeaders.Param> mirrored) {
    Entry(Target target, JsonObject definition) {
      this(target, definition, target.kind() == Primitive.TOOL ? mirroredOf(definition) : List.of());
    }

    private static List<ParamHeaders.Param> mirroredOf(JsonObject definition) {
      try {
        return ParamHeaders.of(definition.getValue("inputSchema"));
      } catch (ParamHeaders.Invalid e) {
        return List.of();
      }
    }
  }

  private record TemplateRoute(LiteralRuns pattern, String backend) {}

  private final long version;
  private final Map<String, Entry> tools;
  private final Map<String, Entry> prompts;
  private final Map<String, Entry> resources;
  private final List<Entry> templates;
  private final List<TemplateRoute> templateRoutes;
  private final List<String> clashes;
  private final List<BackendCatalog> parts;
  private final Map<String, dev.switchboard.backend.BackendInfo> infos = new java.util.HashMap<>();

  private Catalog(long version, Map<String, Entry> tools, Map<String, Entry> prompts, Map<String, Entry> resources,
      List<Entry> templates, List<TemplateRoute> templateRoutes, List<String> clashes, List<BackendCatalog> parts) {
    this.version = version;
    this.tools = Collections.unmodifiableMap(tools);
    this.prompts = Collections.unmodifiableMap(prompts);
    this.resources = Collections.unmodifiableMap(resources);
    this.templates = List.copyOf(templates);
    this.templateRoutes = List.copyOf(templateRoutes);
    this.clashes = List.copyOf(clashes);
    this.parts = List.copyOf(parts);
    parts.forEach(p -> infos.putIfAbsent(p.backend(), p.info())); // asked on every call
  }

  public static Catalog empty() {
    return build(List.of(), new NameMapper(false, "__", 64), 0);
  }

  public static Catalog build(List<BackendCatalog> parts, NameMapper names, long version) {
    Map<String, Entry> tools = new LinkedHashMap<>();
    Map<String, Entry> prompts = new LinkedHashMap<>();
    Map<String, Entry> resources = new LinkedHashMap<>();
    List<Entry> templates = new ArrayList<>();
    List<TemplateRoute> routes = new ArrayList<>();
    List<String> clashes = new ArrayList<>();
    for (BackendCatalog part : parts) {
      addNamed(part, part.tools(), Primitive.TOOL, names, tools, clashes);
      addNamed(part, part.prompts(), Primitive.PROMPT, names, prompts, clashes);
      for (JsonObject r : part.resources()) {
        if (!(r.getValue("uri") instanceof String uri) || uri.isEmpty()) {
          continue;
        }
        Entry e = new Entry(new Target(part.backend(), Primitive.RESOURCE, uri, uri), r.copy());
        Entry before = resources.putIfAbsent(uri, e);
        if (before != null) {
          clashes.add(clash("resource", uri, before.target().backend(), part.backend()));
        }
      }
      for (JsonObject t : part.templates()) {
        if (t.getValue("uriTemplate") instanceof String template && !template.isEmpty()) {
          templates.add(new Entry(new Target(part.backend(), Primitive.RESOURCE, template, template), t.copy()));
          routes.add(new TemplateRoute(LiteralRuns.template(template), part.backend()));
        }
      }
    }
    return new Catalog(version, tools, prompts, resources, templates, routes, clashes, parts);
  }

  private static void addNamed(BackendCatalog part, List<JsonObject> items, Primitive kind, NameMapper names,
      Map<String, Entry> into, List<String> clashes) {
    for (JsonObject item : items) {
      if (!(item.getValue("name") instanceof String original) || original.isEmpty()) {
        continue; // not something a client could call by name
      }
      String exposed = names.expose(part.prefix(), original);
      Entry e = new Entry(new Target(part.backend(), kind, original, exposed), item.copy().put("name", exposed));
      Entry before = into.putIfAbsent(exposed, e);
      if (before != null) {
        clashes.add(clash(kind.name().toLowerCase(), exposed, before.target().backend(), part.backend()));
      }
    }
  }

  private static String clash(String what, String name, String kept, String dropped) {
    return what + " '" + name + "' is offered by backends '" + kept + "' and '" + dropped
        + "'; keeping '" + kept + "' (use prefixes to expose both)";
  }

  public long version() {
    return version;
  }

  public Optional<Entry> tool(String exposed) {
    return Optional.ofNullable(tools.get(exposed));
  }

  public Optional<Entry> prompt(String exposed) {
    return Optional.ofNullable(prompts.get(exposed));
  }

  /** The backend a resource URI belongs to: listed URIs first, then templates in configuration order. */
  public Optional<Target> resource(String uri) {
    if (uri.length() > MAX_URI_CHARS) {
      return Optional.empty();
    }
    Entry listed = resources.get(uri);
    if (listed != null) {
      return Optional.of(listed.target());
    }
    for (TemplateRoute route : templateRoutes) {
      if (route.pattern().matches(uri)) {
        return Optional.of(new Target(route.backend(), Primitive.RESOURCE, uri, uri));
      }
    }
    return Optional.empty();
  }

  public List<Entry> tools() {
    return List.copyOf(tools.values());
  }

  public List<Entry> prompts() {
    return List.copyOf(prompts.values());
  }

  public List<Entry> resources() {
    return List.copyOf(resources.values());
  }

  public List<Entry> templates() {
    return templates;
  }

  public List<String> clashes() {
    return clashes;
  }

  /** What the named backend said about itself, if it is up. */
  public Optional<dev.switchboard.backend.BackendInfo> info(String backend) {
    return Optional.ofNullable(infos.get(backend));
  }

  public List<BackendCatalog> parts() {
    return parts;
  }

  /** The entries of one list kind: {@code tools}, {@code prompts}, or {@code resources} (with templates). */
  public List<Entry> entries(String kind) {
    return switch (kind) {
      case "tools" -> tools();
      case "prompts" -> prompts();
      case "resources" -> java.util.stream.Stream.concat(resources().stream(), templates().stream()).toList();
      default -> List.of();
    };
  }

  /** The entries of the given kinds present in one catalog but not the other (added or removed). */
  public static java.util.Set<Entry> difference(Catalog a, Catalog b, java.util.Set<String> kinds) {
    java.util.Set<Entry> before = new java.util.HashSet<>();
    java.util.Set<Entry> after = new java.util.HashSet<>();
    kinds.forEach(k -> {
      before.addAll(a.entries(k));
      after.addAll(b.entries(k));
    });
    java.util.Set<Entry> changed = new java.util.HashSet<>(before);
    changed.addAll(after);
    before.retainAll(after);
    changed.removeAll(before);
    return changed;
  }
}
