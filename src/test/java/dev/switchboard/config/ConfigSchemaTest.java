package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The JSON Schema in {@code docs/} (for editors: completion and checks while writing the config) names exactly
 * the keys the config records read, section by section: a key added to the code and not to the schema, or the
 * other way round, fails here.
 */
class ConfigSchemaTest {
  private final JsonObject schema = new JsonObject(read("docs/switchboard.schema.json"));

  @Test
  void theSchemaNamesEveryKeyTheConfigReadsAndNoOther() {
    List<String> mismatches = new ArrayList<>();
    compare(HubConfig.class, schema, "", mismatches);
    assertThat(mismatches).isEmpty();
  }

  private void compare(Class<?> record, JsonObject node, String at, List<String> mismatches) {
    JsonObject object = resolve(node);
    JsonObject properties = object.getJsonObject("properties", new JsonObject());
    List<String> keys = new ArrayList<>();
    for (RecordComponent c : record.getRecordComponents()) {
      JsonProperty p = componentProperty(record, c);
      if (p == null) {
        continue;
      }
      String key = p.value();
      keys.add(key);
      if (!properties.containsKey(key)) {
        mismatches.add(at + key + ": read by " + record.getSimpleName() + ", missing from the schema");
        continue;
      }
      nested(c.getGenericType(), properties.getJsonObject(key), at + key + ".", mismatches);
    }
    properties.fieldNames().stream().filter(k -> !keys.contains(k))
        .forEach(k -> mismatches.add(at + k + ": in the schema, read by nothing"));
    if (!Boolean.FALSE.equals(object.getValue("additionalProperties"))) {
      mismatches.add(at + ": the schema must refuse unknown keys, as the loader does");
    }
  }

  /** Records inside the section: directly, in a list, or as the values of a map. */
  private void nested(Type type, JsonObject node, String at, List<String> mismatches) {
    if (!"object".equals(resolve(node).getValue("type")) && !"array".equals(resolve(node).getValue("type"))) {
      return; // a value written as one scalar, such as a duration ("30s"), whatever record holds it
    }
    if (type instanceof Class<?> c && c.isRecord() && c.getPackageName().equals("dev.switchboard.config")) {
      compare(c, node, at, mismatches);
    } else if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
      nested(p.getActualTypeArguments()[0], resolve(node).getJsonObject("items", new JsonObject()), at + "[].", mismatches);
    } else if (type instanceof ParameterizedType p && p.getRawType() == Map.class
        && resolve(node).getValue("additionalProperties") instanceof JsonObject values) {
      nested(p.getActualTypeArguments()[1], values, at + "*.", mismatches);
    }
  }

  private static JsonProperty componentProperty(Class<?> record, RecordComponent c) {
    JsonProperty onField = null;
    try {
      onField = record.getDeclaredField(c.getName()).getAnnotation(JsonProperty.class);
    } catch (NoSuchFieldException e) {
      // every component has its field
    }
    return onField != null ? onField : c.getAnnotation(JsonProperty.class);
  }

  private JsonObject resolve(JsonObject node) {
    String ref = node.getString("$ref");
    return ref == null ? node : schema.getJsonObject("$defs").getJsonObject(ref.substring("#/$defs/".length()));
  }

  private static String read(String path) {
    try {
      return Files.readString(Path.of(path));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
