package dev.switchboard.hub;

import dev.switchboard.identity.Caller;
import dev.switchboard.pipeline.Policy;
import dev.switchboard.protocol.JsonRpc;
import dev.switchboard.routing.Catalog;
import dev.switchboard.session.SessionRegistry;
import dev.switchboard.transport.ListenStreams;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Tells clients that a list changed — a backend's catalog, or a caller's grants — and only those for whom
 * it did: a client never hears of a change to tools it may not use. 2026-07-28 clients hear it on their
 * listen streams, 2025-era ones on their sessions' GET streams.
 */
final class ListChangeNotices {
  private static final Set<String> ALL_LISTS = Set.of("tools", "prompts", "resources");
  private final ListenStreams listen;
  private final SessionRegistry sessions;
  private final Policy policy;

  ListChangeNotices(ListenStreams listen, SessionRegistry sessions, Policy policy) {
    this.listen = listen;
    this.sessions = sessions;
    this.policy = policy;
  }

  /** The catalog changed: the difference is worked out once, the grants per client. */
  void catalogChanged(Catalog before, Catalog after, Set<String> kinds) {
    Set<Catalog.Entry> changed = Catalog.difference(before, after, kinds);
    notify(kinds, caller -> changed.stream().anyMatch(e -> policy.allows(caller, e.target().backend(),
        e.target().kind(), e.target().exposedName())));
  }

  /** A principal's grants changed: what its clients may see may have changed too. */
  void grantsChanged(String principal) {
    notify(ALL_LISTS, caller -> caller.principal().equals(principal));
  }

  private void notify(Set<String> kinds, Predicate<Caller> to) {
    listen.listChanged(kinds, to);
    kinds.forEach(k -> sessions.broadcast(JsonRpc.notification("notifications/" + k + "/list_changed", null).encode(), to));
  }
}
