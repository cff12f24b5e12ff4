package dev.switchboard.protocol;

import io.vertx.core.http.HttpHeaders;

/** The media types of MCP's HTTP transport, and how a Content-Type header names one. */
public final class MediaTypes {
  public static final String JSON = "application/json";
  public static final String SSE = "text/event-stream";
  /** {@link #JSON} as a header value Vert.x writes without checking it again on every answer. */
  public static final CharSequence JSON_VALUE = HttpHeaders.createOptimized(JSON);

  private MediaTypes() {}

  /**
   * Whether {@code contentType} names {@code mediaType}, whatever its parameters ({@code charset} and the
   * like) and case. Compared in place: this runs on every request and every backend answer.
   */
  public static boolean is(String contentType, String mediaType) {
    if (contentType == null) {
      return false;
    }
    int start = 0;
    while (start < contentType.length() && Character.isWhitespace(contentType.charAt(start))) {
      start++;
    }
    int end = start + mediaType.length();
    if (!contentType.regionMatches(true, start, mediaType, 0, mediaType.length())) {
      return false;
    }
    for (int i = end; i < contentType.length(); i++) {
      char c = contentType.charAt(i);
      if (c == ';') {
        return true;
      }
      if (!Character.isWhitespace(c)) {
        return false;
      }
    }
    return true;
  }
}
