package dev.switchboard.pipeline;

import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many of something (sessions, open streams) one principal may hold at once on this instance.
 * Counts only what is held, so memory follows the users who hold something.
 */
public final class UserQuota {
  private final int max;
  private final String limit;
  private final String what;
  private final Map<String, Integer> held = new ConcurrentHashMap<>();

  /** {@code limit}: the name clients see in {@code data.limit}; {@code what}: words for the message. */
  public UserQuota(int max, String limit, String what) {
    this.max = max;
    this.limit = limit;
    this.what = what;
  }

  /** Takes one, or throws a rate-limit error that names the quota. */
  public void acquire(String principal) {
    boolean[] granted = {false};
    held.compute(principal, (k, n) -> {
      int count = n == null ? 0 : n;
      if (count >= max) {
        return n;
      }
      granted[0] = true;
      return count + 1;
    });
    if (!granted[0]) {
      throw new McpError(ErrorKind.RATE_LIMITED, "Rate limit exceeded (" + limit + ": at most " + max + " " + what
          + " per user); close one first", new JsonObject().put("limit", limit).put("retryAfterMs", 1000));
    }
  }

  public void release(String principal) {
    held.computeIfPresent(principal, (k, n) -> n <= 1 ? null : n - 1);
  }

  public int held(String principal) {
    return held.getOrDefault(principal, 0);
  }
}
