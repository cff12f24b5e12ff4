package dev.switchboard.backend;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Incremental text/event-stream parser (WHATWG SSE): feed it chunks as they arrive; it calls back once
 * per complete event. Handles CRLF, CR and LF line ends, multi-line data and comments. Bounded: an event
 * larger than {@code maxEventBytes} is a protocol error.
 */
public final class SseParser {
  public record Event(String id, String event, String data) {}

  private final Consumer<Event> onEvent;
  private final int maxEventBytes;
  private final StringBuilder line = new StringBuilder();
  private final StringBuilder data = new StringBuilder();
  private String id;
  private String event;
  private boolean lastWasCr;
  private byte[] pending = new byte[0];

  public SseParser(int maxEventBytes, Consumer<Event> onEvent) {
    this.maxEventBytes = maxEventBytes;
    this.onEvent = onEvent;
  }

  public void feed(Buffer chunk) {
    byte[] bytes = concat(pending, chunk.getBytes());
    int complete = completeUtf8Prefix(bytes);
    pending = java.util.Arrays.copyOfRange(bytes, complete, bytes.length);
    String text = new String(bytes, 0, complete, StandardCharsets.UTF_8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' && lastWasCr) {
        lastWasCr = false;
        continue;
      }
      lastWasCr = c == '\r';
      if (c == '\n' || c == '\r') {
        endLine();
      } else {
        line.append(c);
        if (line.length() + data.length() > maxEventBytes) {
          throw new IllegalStateException("SSE event exceeds " + maxEventBytes + " bytes");
        }
      }
    }
  }

  private void endLine() {
    String l = line.toString();
    line.setLength(0);
    if (l.isEmpty()) {
      dispatch();
      return;
    }
    if (l.startsWith(":")) {
      return;
    }
    int colon = l.indexOf(':');
    String field = colon < 0 ? l : l.substring(0, colon);
    String value = colon < 0 ? "" : l.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "data" -> data.append(value).append('\n');
      case "id" -> id = value;
      case "event" -> event = value;
      default -> { }
    }
  }

  private void dispatch() {
    if (data.length() > 0) {
      data.setLength(data.length() - 1);
      onEvent.accept(new Event(id, event == null ? "message" : event, data.toString()));
    }
    data.setLength(0);
    event = null;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    if (a.length == 0) {
      return b;
    }
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Length of the longest prefix that does not end inside a multi-byte UTF-8 sequence. */
  private static int completeUtf8Prefix(byte[] b) {
    int n = b.length;
    for (int back = 1; back <= 3 && back <= n; back++) {
      int x = b[n - back] & 0xff;
      if ((x & 0xc0) == 0x80) {
        continue; // continuation byte; keep looking for the lead byte
      }
      int need = x >= 0xf0 ? 4 : x >= 0xe0 ? 3 : x >= 0xc0 ? 2 : 1;
      return need > back ? n - back : n;
    }
    return n;
  }
}
