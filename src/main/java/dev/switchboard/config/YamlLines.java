package dev.switchboard.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each key of a YAML document stands, by JSON pointer ({@code /backends/0/url} → line 12). Jackson
 * reports errors in record-typed sections at the end of the section, so messages look lines up here.
 */
final class YamlLines {
  private final Map<String, Integer> lines = new HashMap<>();

  YamlLines(String yaml) {
    try (JsonParser p = new YAMLFactory().createParser(yaml)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.FIELD_NAME) {
          lines.put(p.getParsingContext().pathAsPointer().toString(), p.currentLocation().getLineNr());
        } else if (t == JsonToken.START_OBJECT && p.getParsingContext().getParent() != null
            && p.getParsingContext().getParent().inArray()) { // an element of a list: /backends/0
          lines.putIfAbsent(p.getParsingContext().pathAsPointer().toString(), p.currentLocation().getLineNr());
        }
      }
    } catch (IOException e) {
      // not valid YAML: the mapper reports that with its own line
    }
  }

  /**
   * Where a mistake is, as messages say it: {@code hub.yaml: line 12: backends[0].url} (the line of the key, or
   * of the nearest key above it that is written; none when the key is not in the file).
   */
  String where(String source, String key) {
    int line = lineOf("/" + key.replaceAll("\\[(\\d+)]", ".$1").replace('.', '/'));
    return source + ": " + (line > 0 ? "line " + line + ": " : "") + key;
  }

  /** The line of the key at this pointer, or of its nearest enclosing key; 0 when unknown. */
  int lineOf(String pointer) {
    String p = pointer;
    while (!p.isEmpty()) {
      Integer line = lines.get(p);
      if (line != null) {
        return line;
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
    return 0;
  }
}
