package dev.switchboard.hub;

import dev.switchboard.identity.Caller;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Notices when a principal's grants change between two identity answers (a new WhoIs on a new connection)
 * and tells the hub, which sends that principal's connected clients {@code list_changed} so they list again
 * and see what they may now use.
 */
final class GrantWatch {
  private static final int MAX_TRACKED = 100_000;
  private final Map<String, Map<String, List<Object>>> lastSeen = new ConcurrentHashMap<>();
  private final Consumer<String> onChange;

  GrantWatch(Consumer<String> onChange) {
    this.onChange = onChange;
  }

  void seen(Caller caller) {
    if (lastSeen.size() >= MAX_TRACKED) {
      lastSeen.clear();
    }
    Map<String, List<Object>> before = lastSeen.put(caller.principal(), caller.capabilities());
    if (before != null && !before.equals(caller.capabilities())) {
      onChange.accept(caller.principal());
    }
  }
}
