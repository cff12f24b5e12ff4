package dev.switchboard.backend;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Notifications a backend sent that reached no client: each is counted (for metrics), and each kind is
 * logged the first time it is seen, so none is dropped silently and a chatty server does not flood the log.
 */
final class DroppedNotifications {
  private static final System.Logger LOG = System.getLogger(DroppedNotifications.class.getName());
  /** Kinds already logged: a server's choice of names, so bounded. */
  private static final int MAX_LOGGED = 64;
  private final String backend;
  private final AtomicLong count = new AtomicLong();
  private final Set<String> logged = ConcurrentHashMap.newKeySet();

  DroppedNotifications(String backend) {
    this.backend = backend;
  }

  void dropped(String what) {
    count.incrementAndGet();
    if (logged.size() < MAX_LOGGED && logged.add(what)) {
      LOG.log(System.Logger.Level.INFO, "Backend ''{0}'' sent {1}, which reaches no client; such notifications are "
          + "counted in switchboard_backend_notifications_dropped_total, not logged again", backend, what);
    }
  }

  long count() {
    return count.get();
  }
}
