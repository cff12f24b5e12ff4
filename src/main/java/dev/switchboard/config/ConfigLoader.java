package dev.switchboard.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * YAML → {@link HubConfig}. Unknown keys, wrong types and bad values stop start-up with a message that
 * names the source, the key path and the line. Environment references ({@code ${NAME}}) in backend header
 * values are resolved here, so a missing variable is a start-up error, not a failing call later.
 */
public final class ConfigLoader {
  /** The embedded default, packaged from {@code conf/switchboard.yaml}. */
  public static final String EMBEDDED = "switchboard.yaml";

  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private final Function<String, String> env;

  public ConfigLoader() {
    this(System::getenv);
  }

  public ConfigLoader(Function<String, String> env) {
    this.env = env;
  }

  public HubConfig load(Path file) {
    try {
      return parse(read(file), file.toString());
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage());
    }
  }

  /** The text of a config file, which must be UTF-8 (YAML 1.2 allows others; nobody writes them). */
  public static String read(Path file) throws IOException {
    try {
      return Files.readString(file);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IOException("not UTF-8 text (" + e.getMessage() + ")", e);
    }
  }

  public HubConfig loadEmbedded() {
    try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(EMBEDDED)) {
      if (in == null) {
        throw new ConfigException("embedded " + EMBEDDED + " is missing from the jar");
      }
      return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), "embedded " + EMBEDDED);
    } catch (IOException e) {
      throw new ConfigException("embedded " + EMBEDDED + ": " + e.getMessage());
    }
  }

  public HubConfig parse(String text, String source) {
    HubConfig config;
    YamlLines lines = new YamlLines(text);
    try {
      config = isEmpty(yaml.readTree(text)) ? null : yaml.readValue(text, HubConfig.class);
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException(source + ": line " + lines.lineOf(pointer(e)) + ": unknown key '" + keyPath(e) + "' (known here: "
          + e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", ")) + ")");
    } catch (JsonMappingException e) {
      String cause = rootMessage(e);
      throw new ConfigException(source + ": line " + lines.lineOf(pointer(e)) + ": bad value for '" + keyPath(e) + "': "
          + cause);
    } catch (JsonProcessingException e) {
      throw new ConfigException(source + ": line " + e.getLocation().getLineNr() + ": not valid YAML: "
          + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ConfigException(source + ": cannot read: " + e.getMessage());
    }
    if (config == null) {
      config = new HubConfig(null, null, null, null, null, null, null, null, null, null, null);
    }
    config = resolveEnvironment(config, source, lines);
    new ConfigValidator(source, lines).validate(config);
    return config;
  }

  /** A document with nothing in it (empty, or only comments), which Jackson would refuse to map. */
  private static boolean isEmpty(com.fasterxml.jackson.databind.JsonNode tree) {
    return tree == null || tree.isMissingNode() || tree.isNull();
  }

  private HubConfig resolveEnvironment(HubConfig config, String source, YamlLines lines) {
    List<BackendConfig> backends = new ArrayList<>();
    for (int i = 0; i < config.backends().size(); i++) {
      BackendConfig b = config.backends().get(i);
      backends.add(b.withValues(expandAll(b.headers(), source, lines, "backends[" + i + "].headers"),
          expandAll(b.env(), source, lines, "backends[" + i + "].env")));
    }
    return new HubConfig(config.listen(), config.admin(), config.identity(), config.policy(), config.limits(), config.sessions(),
        config.routing(), config.audit(), backends, config.logging(), config.tracing());
  }

  /** Expands {@code ${VAR}} references; an error names the file, the line and the key (as the validator's do). */
  private Map<String, String> expandAll(Map<String, String> values, String source, YamlLines lines, String key) {
    return values.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
        e -> EnvReferences.expand(e.getValue(), env, lines.where(source, key + "." + e.getKey()))));
  }

  private static String pointer(JsonMappingException e) {
    StringBuilder p = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      p.append('/').append(ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()));
    }
    return p.toString();
  }

  private static String keyPath(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.length() == 0 ? "(top level)" : path.toString();
  }

  private static String rootMessage(Throwable e) {
    if (e instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException f && f.getTargetType() != null) {
      return "'" + f.getValue() + "' is not " + expected(f.getTargetType()); // not Jackson's words for a Java type
    }
    if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m && m.getTargetType() != null
        && !(m.getCause() instanceof ConfigException)) {
      return "expected " + expected(m.getTargetType());
    }
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    if (t instanceof JsonProcessingException jpe) {
      String m = jpe.getOriginalMessage();
      int cut = m.indexOf('\n');
      return cut > 0 ? m.substring(0, cut) : m;
    }
    return t.getMessage();
  }

  /** What a config value of this Java type is, in the words of someone writing YAML. */
  private static String expected(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type.isEnum()) {
      return "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.toString().toLowerCase(
          java.util.Locale.ROOT).replace('_', '-')).collect(Collectors.joining(", "));
    }
    if (java.util.Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (type == String.class) {
      return "text";
    }
    return "a mapping of keys to values";
  }
}
