package dev.switchboard.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bounded set of users that get their own metric label: the first {@code max} seen keep theirs for
 * the life of the process, everyone after them is {@code other}. Bounded label values keep the
 * number of time series bounded whatever the size of the tailnet.
 */
final class UserLabels {
  static final String OTHER = "other";
  private final int max;
  private final Set<String> labelled = ConcurrentHashMap.newKeySet();

  UserLabels(int max) {
    this.max = max;
  }

  String of(String user) {
    if (labelled.contains(user)) {
      return user;
    }
    if (labelled.size() < max) {
      labelled.add(user); // a race may admit a few more than max; never unboundedly many
      return user;
    }
    return OTHER;
  }
}
