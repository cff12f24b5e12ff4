package dev.switchboard.audit;

import dev.switchboard.protocol.Patterns;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Filters a trail record by record (constant memory, whatever its size). Every criterion is optional;
 * the ones given must all match. {@code tool} is a glob over the exposed name of the tool, prompt or
 * resource.
 */
public final class AuditQuery {
  private final String user;
  private final Patterns tool;
  private final String backend;
  private final String decision;
  private final String type;
  private final Instant since;
  private final Instant until;

  public AuditQuery(String user, String tool, String backend, String decision, String type, Instant since,
      Instant until) {
    this.user = user;
    this.tool = tool == null ? null : Patterns.of(List.of(tool));
    this.backend = backend;
    this.decision = decision;
    this.type = type;
    this.since = since;
    this.until = until;
  }

  public boolean matches(JsonObject r) {
    return (user == null || user.equals(r.getString("user")))
        && (tool == null || (r.getString("name") != null && tool.matches(r.getString("name"))))
        && (backend == null || backend.equals(r.getString("backend")))
        && (decision == null || (r.getJsonObject("decision") != null
            && decision.equals(r.getJsonObject("decision").getString("result"))))
        && (type == null || type.equals(r.getString("type")))
        && inTime(r.getString("time"));
  }

  private boolean inTime(String time) {
    if (since == null && until == null) {
      return true;
    }
    if (time == null) {
      return false;
    }
    Instant t = Instant.parse(time);
    return (since == null || !t.isBefore(since)) && (until == null || t.isBefore(until));
  }

  /** Streams every matching record of the trail in {@code dir}, with its raw line, to {@code out}. */
  public void run(Path dir, BiConsumer<JsonObject, String> out) throws IOException {
    for (Path file : AuditFiles.list(dir)) {
      scan(file, 0, out);
    }
  }

  /**
   * Scans one file from a byte offset on; returns the offset after its last complete line, where a later
   * scan of the same (growing) file continues.
   */
  long scan(Path file, long fromByte, BiConsumer<JsonObject, String> out) throws IOException {
    try (AuditLines lines = new AuditLines(file, fromByte)) {
      byte[] line;
      while ((line = lines.next()) != null && lines.lastTerminated()) {
        if (lines.lastTooLong()) {
          continue; // not a record; `audit verify` reports it
        }
        try {
          JsonObject r = new JsonObject(Buffer.buffer(line));
          if (matches(r)) {
            out.accept(r, new String(line, StandardCharsets.UTF_8));
          }
        } catch (DecodeException e) {
          // Not a record; `audit verify` is the tool that reports it.
        }
      }
      return lines.completeBytes();
    }
  }

  /** One human-readable row: time, type, user, what, decision, outcome, latency. */
  public static String row(JsonObject r) {
    JsonObject decision = r.getJsonObject("decision", new JsonObject());
    JsonObject outcome = r.getJsonObject("outcome", new JsonObject());
    String what = r.getString("method", "");
    if (r.getString("name") != null) {
      what += " " + r.getString("backend", "?") + "/" + r.getString("name");
    }
    if (r.getString("reason") != null && decision.isEmpty()) {
      what += " (" + r.getString("reason") + ")";
    }
    String dec = decision.getString("result", "");
    if (decision.getString("reason") != null) {
      dec += ": " + decision.getString("reason");
    } else if (decision.getValue("limit") != null) {
      dec += ": " + decision.getValue("limit");
    }
    String out = outcome.getString("result", "");
    if (outcome.getValue("code") != null) {
      out += " " + outcome.getValue("code");
    }
    Object latency = r.getValue("latencyMs");
    return String.format("%-24s %-16s %-24s %-40s %-24s %-14s %s", printable(r.getString("time", "")),
        printable(r.getString("type", "")), r.getString("user") == null ? "-" : printable(r.getString("user")),
        printable(what), printable(dec), printable(out), latency == null ? "" : latency + " ms");
  }

  /**
   * Text from a record as one line a terminal shows as it is: a line break in a tool name a client made up
   * must not start a row of its own, nor an escape sequence recolour the reviewer's screen.
   */
  static String printable(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
        if (b == null) {
          b = new StringBuilder(s.length() + 8).append(s, 0, i);
        }
        b.append(String.format("\\u%04x", (int) c));
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? s : b.toString();
  }

  public static String header() {
    return String.format("%-24s %-16s %-24s %-40s %-24s %-14s %s", "TIME", "TYPE", "USER", "WHAT", "DECISION",
        "OUTCOME", "LATENCY");
  }
}
