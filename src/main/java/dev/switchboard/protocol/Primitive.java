package dev.switchboard.protocol;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/** The server primitives a client names in a call and that grants cover: tools, prompts and resources. */
public enum Primitive {
  TOOL, PROMPT, RESOURCE;

  /** How a message names it: {@code tool}, {@code prompt}, {@code resource}. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The answer to a name nobody offers — and, word for word, to one the caller may not use, so a denial
   * tells nothing. A resource's error carries its URI, as the spec's example does.
   */
  public McpError unknown(String name) {
    return new McpError(ErrorKind.UNKNOWN_NAME, "Unknown " + word() + ": " + name,
        this == RESOURCE ? new JsonObject().put("uri", name) : null);
  }
}
