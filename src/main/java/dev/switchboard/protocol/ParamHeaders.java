package dev.switchboard.protocol;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tool parameters a 2026-07-28 server asks its Streamable HTTP clients to mirror into {@code Mcp-Param-{Name}}
 * headers ({@code x-mcp-header} in the tool's {@code inputSchema}), so intermediaries can route on them without
 * reading the body. An annotation must name an RFC 9110 token, unique (ignoring case) in the schema, on a
 * string, integer or boolean property reachable from the root through {@code properties} keys only; anything else
 * makes the tool invalid, and a client must leave it out of its list.
 */
public final class ParamHeaders {
  public static final String ANNOTATION = "x-mcp-header";
  public static final String PREFIX = "Mcp-Param-";
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
  private static final Set<String> PRIMITIVES = Set.of("string", "integer", "boolean");

  /** One mirrored parameter: its header's name part, the chain of property names to it, its JSON Schema type. */
  public record Param(String header, List<String> path, String type) {}

  /** JavaScript's safe integers, the only ones a header may carry. */
  private static final java.math.BigDecimal SAFE = java.math.BigDecimal.valueOf((1L << 53) - 1);
  /** Keywords whose values are instances, not schemas: an x-mcp-header key there is data. */
  private static final Set<String> INSTANCE_KEYWORDS = Set.of("default", "const", "enum", "examples");

  /** Why a tool definition's annotations make it invalid. */
  public static final class Invalid extends RuntimeException {
    Invalid(String why) {
      super(why, null, false, false);
    }
  }

  private ParamHeaders() {}

  /** The schema's mirrored parameters (none for most tools); {@link Invalid} when an annotation breaks a rule. */
  public static List<Param> of(Object inputSchema) {
    List<Param> params = new ArrayList<>();
    walk(inputSchema, List.of(), true, params);
    Set<String> seen = new HashSet<>();
    for (Param p : params) {
      if (!seen.add(p.header().toLowerCase(Locale.ROOT))) {
        throw new Invalid("x-mcp-header '" + p.header() + "' is used twice (names are compared ignoring case)");
      }
    }
    return params;
  }

  /**
   * The headers a call with these arguments carries: each parameter with a value of its type at its path (none,
   * null or another type: no header, and the server judges the arguments themselves), as text — a boolean
   * lower-case, an integer in decimal — Base64-wrapped when it is no plain header value.
   */
  public static Map<String, String> headers(List<Param> params, Object arguments) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Param p : params) {
      String text = text(p, valueAt(p, arguments));
      if (text != null) {
        headers.put(PREFIX + p.header(), McpNames.headerValue(text));
      }
    }
    return headers;
  }

  private static Object valueAt(Param p, Object arguments) {
    Object value = arguments;
    for (String key : p.path()) {
      value = value instanceof JsonObject o ? o.getValue(key) : null;
    }
    return value;
  }

  /** A value as its header's text, exactly; null when it is not a value of the parameter's type (or unsafe). */
  private static String text(Param p, Object value) {
    return switch (p.type()) {
      case "string" -> value instanceof String s ? s : null;
      case "boolean" -> value instanceof Boolean b ? b.toString() : null;
      default -> {
        if (!(value instanceof Number n)) {
          yield null;
        }
        java.math.BigDecimal d = new java.math.BigDecimal(n.toString());
        boolean integral = d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
        yield integral && d.abs().compareTo(SAFE) <= 0 ? d.toBigInteger().toString() : null;
      }
    };
  }

  /**
   * As a server: whether a request's {@code Mcp-Param-*} headers agree with its arguments (a Base64-wrapped header
   * decoded first, integers compared as numbers); null when they do, else what disagrees. A header without a
   * value in the body disagrees too, as does a value in the body without its header.
   */
  public static String mismatch(List<Param> params, Object arguments,
      java.util.function.Function<String, List<String>> header) {
    Map<String, String> expected = headers(params, arguments);
    for (Param p : params) {
      String name = PREFIX + p.header();
      List<String> values = header.apply(name);
      if (values.size() > 1) {
        return name + " header is sent more than once";
      }
      String sent = values.isEmpty() ? null : values.get(0);
      if (sent != null && !sent.chars().allMatch(c -> c == '\t' || c >= 0x20 && c <= 0x7e)) {
        return name + " header has characters a header value may not have";
      }
      String want = expected.get(name);
      if (want == null && sent == null) {
        continue;
      }
      if (sent == null) {
        return name + " header is missing; the body has a value for '" + String.join(".", p.path()) + "'";
      }
      if (want == null) {
        return name + " header is sent, but the body has no value for '" + String.join(".", p.path()) + "'";
      }
      String got = decoded(sent);
      if (got == null || !same(p, decoded(want), got)) {
        return name + " header value does not match the body's '" + String.join(".", p.path()) + "'";
      }
    }
    return null;
  }

  /** A header's text: a {@code =?base64?…?=} value decoded; null when its Base64 is not Base64. */
  private static String decoded(String value) {
    if (!(value.startsWith("=?base64?") && value.endsWith("?=") && value.length() >= 11)) {
      return value;
    }
    try {
      return new String(java.util.Base64.getDecoder().decode(value.substring(9, value.length() - 2)),
          java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Equal as text; for an integer parameter, equal as numbers ({@code 42} and {@code 42.0}). */
  private static boolean same(Param p, String body, String sent) {
    if (body.equals(sent)) {
      return true;
    }
    if (!p.type().equals("integer")) {
      return false;
    }
    try {
      return new java.math.BigDecimal(body).compareTo(new java.math.BigDecimal(sent)) == 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static void walk(Object node, List<String> path, boolean reachable, List<Param> out) {
    if (node instanceof JsonArray array) {
      array.forEach(item -> walk(item, path, false, out));
      return;
    }
    if (!(node instanceof JsonObject schema)) {
      return;
    }
    if (schema.containsKey(ANNOTATION)) {
      out.add(param(schema, path, reachable));
    }
    for (String key : schema.fieldNames()) {
      Object child = schema.getValue(key);
      if (key.equals("properties") && child instanceof JsonObject properties) {
        for (String name : properties.fieldNames()) {
          List<String> next = new ArrayList<>(path);
          next.add(name);
          walk(properties.getValue(name), next, reachable, out);
        }
      } else if (!key.equals(ANNOTATION) && !INSTANCE_KEYWORDS.contains(key)) {
        walk(child, path, false, out); // items, oneOf, $ref targets, $defs…: not statically reachable
      }
    }
  }

  private static Param param(JsonObject schema, List<String> path, boolean reachable) {
    Object name = schema.getValue(ANNOTATION);
    String where = path.isEmpty() ? "the schema's root" : "property '" + String.join(".", path) + "'";
    if (!reachable || path.isEmpty()) {
      throw new Invalid("x-mcp-header on " + where + ", which is not reachable through properties alone");
    }
    if (!(name instanceof String s) || !TOKEN.matcher(s).matches()) {
      throw new Invalid("x-mcp-header on " + where + " is not an HTTP token: " + name);
    }
    if (!(schema.getValue("type") instanceof String type) || !PRIMITIVES.contains(type)) {
      throw new Invalid("x-mcp-header on " + where + " whose type is not string, integer or boolean");
    }
    return new Param(s, List.copyOf(path), (String) schema.getValue("type"));
  }
}
