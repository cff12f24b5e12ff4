package dev.switchboard.protocol;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** How the hub names itself to clients and to backends, and which build it is (stamped at build time). */
public final class HubIdentity {
  public static final String NAME = "switchboard";
  /** The project version the build was made from; "unknown" outside a Maven build. */
  public static final String VERSION = stamped("/switchboard-version.properties", "version");
  /** The git commit it was made from (abbreviated; "-dirty" with uncommitted changes); "unknown" outside git. */
  public static final String COMMIT = commit();

  private HubIdentity() {}

  public static JsonObject serverInfo() {
    return new JsonObject().put("name", NAME).put("title", "Switchboard MCP hub").put("version", VERSION);
  }

  public static JsonObject clientInfo() {
    return new JsonObject().put("name", NAME).put("version", VERSION);
  }

  private static String commit() {
    String id = stamped("/switchboard-git.properties", "git.commit.id.abbrev");
    return "true".equals(stamped("/switchboard-git.properties", "git.dirty")) ? id + "-dirty" : id;
  }

  private static String stamped(String resource, String key) {
    try (InputStream in = HubIdentity.class.getResourceAsStream(resource)) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String value = p.getProperty(key);
      return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
