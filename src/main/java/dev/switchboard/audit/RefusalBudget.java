package dev.switchboard.audit;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many records refusals may add to the trail: per source (the user, or the address of a caller who
 * could not be identified) and reason ({@code denied}, {@code rate_limited}, {@code unknown},
 * {@code identity_failure}), the first {@code burst} of each interval are written in full; the rest are
 * counted and written as one {@code refusals_summarized} record when the interval ends. Every refusal stays
 * countable, and one user can no longer fill the trail's disk (0.67 MB/s of rate-limit records in a probe),
 * which would stop the hub for everyone when it fails closed. Calls that ran are never summarized.
 *
 * <p>Shared between the event loops that record exchanges and the audit writer thread that asks for the
 * summaries that are due: one concurrent map, each window guarded by its own lock.
 */
final class RefusalBudget {
  private final int burst;
  private final long intervalMillis;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  private static final class Window {
    final String user;
    final String address;
    final String reason;
    long start;
    int written;
    long suppressed;
    long firstSuppressed;
    long lastSuppressed;
    boolean removed;

    Window(String user, String address, String reason, long start) {
      this.user = user;
      this.address = address;
      this.reason = reason;
      this.start = start;
    }
  }

  RefusalBudget(int burst, long intervalMillis) {
    this.burst = burst;
    this.intervalMillis = intervalMillis;
  }

  /** True when {@code record} is to be written; false when it is a refusal beyond its budget, only counted. */
  boolean admit(JsonObject record, long nowMillis) {
    String reason = reasonOf(record);
    if (reason == null) {
      return true;
    }
    String user = record.getValue("user") instanceof String u ? u : null;
    String address = user == null ? host(record.getValue("address")) : null;
    String key = (user != null ? "user:" + user : "address:" + address) + "\u0000" + reason;
    while (true) {
      Window w = windows.computeIfAbsent(key, k -> new Window(user, address, reason, nowMillis));
      synchronized (w) {
        if (w.removed) {
          continue; // swept just now: take the new window
        }
        if (w.suppressed == 0 && nowMillis - w.start >= intervalMillis) {
          w.start = nowMillis;
          w.written = 0;
        }
        if (w.written < burst) {
          w.written++;
          return true;
        }
        if (w.suppressed++ == 0) {
          w.firstSuppressed = nowMillis;
        }
        w.lastSuppressed = nowMillis;
        return false;
      }
    }
  }

  /**
   * The summaries of the windows that ended with refusals only counted ({@code all}: of every window, at
   * shutdown), each window starting anew; windows that ended quietly are forgotten.
   */
  List<JsonObject> due(long nowMillis, boolean all) {
    List<JsonObject> summaries = new ArrayList<>();
    for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); ) {
      Window w = it.next();
      synchronized (w) {
        boolean ended = nowMillis - w.start >= intervalMillis;
        if (w.suppressed > 0 && (ended || all)) {
          summaries.add(new JsonObject().put("user", w.user).put("address", w.address).put("reason", w.reason)
              .put("count", w.suppressed).put("firstMs", w.firstSuppressed).put("lastMs", w.lastSuppressed)
              .put("burst", burst).put("intervalMs", intervalMillis));
          w.start = nowMillis;
          w.written = 0;
          w.suppressed = 0;
        } else if (ended) {
          w.removed = true;
          it.remove();
        }
      }
    }
    return summaries;
  }

  /** Why a record is a refusal, or null when it is not one. */
  private static String reasonOf(JsonObject record) {
    String type = record.getString("type");
    if ("denied".equals(type) || "rate_limited".equals(type) || "identity_failure".equals(type)) {
      return type;
    }
    return record.getValue("decision") instanceof JsonObject d && "unknown".equals(d.getValue("result")) ? "unknown"
        : null;
  }

  /** The address without its port: a new connection is no new source. */
  private static String host(Object address) {
    if (!(address instanceof String a)) {
      return "unknown";
    }
    int colon = a.lastIndexOf(':'); // ip:port, [v6]:port, or a v6 address and its port after a last colon
    String host = colon > 0 ? a.substring(0, colon) : a;
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
