package dev.switchboard.backend;

import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;

/**
 * A 2025-era backend session's standalone GET stream, kept open while resources are followed on it:
 * {@code notifications/resources/updated} go to the followers of their URI, anything else to {@code other}.
 */
final class UpdateStream {
  private static final int MAX_EVENT_BYTES = 1024 * 1024;
  private final ResourceFollowers followers = new ResourceFollowers();
  private volatile HttpClientResponse response;
  private volatile boolean closed;

  void attach(HttpClientResponse resp, Consumer<JsonObject> other) {
    this.response = resp;
    SseParser parser = new SseParser(MAX_EVENT_BYTES, event -> {
      if (event.data() == null || event.data().isBlank()) {
        return;
      }
      JsonObject m;
      try {
        m = new JsonObject(event.data());
      } catch (DecodeException | ClassCastException e) {
        return;
      }
      if ("notifications/resources/updated".equals(m.getString("method"))) {
        followers.deliver(m);
      } else {
        other.accept(m);
      }
    });
    resp.handler(parser::feed);
    resp.endHandler(v -> closed = true);
    resp.exceptionHandler(e -> closed = true);
  }

  Runnable follow(String uri, Consumer<JsonObject> sink) {
    return followers.add(uri, sink);
  }

  boolean follows(String uri) {
    return followers.follows(uri);
  }

  boolean idle() {
    return followers.isEmpty();
  }

  boolean open() {
    return !closed;
  }

  void close() {
    closed = true;
    HttpClientResponse r = response;
    if (r != null) {
      r.request().reset();
    }
  }
}
