package dev.switchboard.transport;

import dev.switchboard.pipeline.EventSink;
import io.vertx.core.http.HttpServerResponse;

/**
 * One open text/event-stream HTTP response. Writes are dropped once the peer is gone; a peer that stops
 * reading is disconnected once the write queue stays full, so a slow client can never make the hub buffer
 * without bound (legacy streams keep their events in the session's replay window for a resume).
 */
public final class SseChannel implements EventSink {
  private static final int MAX_PENDING_WRITES = 64;
  private final HttpServerResponse response;
  private boolean closed;
  private int writesWhileFull;
  private java.util.List<Runnable> onDone = new java.util.ArrayList<>(1);

  private SseChannel(HttpServerResponse response, Runnable onClose) {
    this.response = response;
    // A response has one close-handler slot: whoever needs to hear of the close says so here.
    response.closeHandler(v -> {
      closed = true;
      onClose.run();
      done();
    });
  }

  /** Starts an SSE response: status 200, event-stream headers, chunked. */
  public static SseChannel open(HttpServerResponse response) {
    return open(response, () -> { });
  }

  /** Starts an SSE response and runs {@code onClose} if the peer goes away before it ends. */
  public static SseChannel open(HttpServerResponse response, Runnable onClose) {
    response.setStatusCode(200)
        .putHeader("Content-Type", "text/event-stream")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no")
        .setChunked(true)
        .writeHead(); // send the headers now: clients wait for them before they read any event
    return new SseChannel(response, onClose);
  }

  @Override
  public boolean isOpen() {
    return !closed && !response.closed() && !response.ended();
  }

  /** Writes one event; {@code id} may be null (modern streams are not resumable). */
  @Override
  public void event(String id, String data) {
    StringBuilder sb = new StringBuilder(data.length() + 32);
    if (id != null) {
      sb.append("id: ").append(id).append('\n');
    }
    sb.append("event: message\n");
    sb.append("data: ").append(data).append("\n\n");
    write(sb.toString());
  }

  /** An SSE comment: keeps intermediaries and idle timers from closing a quiet stream. */
  @Override
  public void keepAlive() {
    write(":\n\n");
  }

  @Override
  public void end() {
    if (isOpen()) {
      response.end();
    }
    closed = true;
    done();
  }

  /** Runs once the stream is over, however it ended (now, if it already has): releases what it held. */
  public void onDone(Runnable action) {
    if (onDone == null) {
      action.run();
    } else {
      onDone.add(action);
    }
  }

  private void done() {
    java.util.List<Runnable> actions = onDone;
    onDone = null;
    if (actions != null) {
      actions.forEach(Runnable::run);
    }
  }

  private void write(String text) {
    if (!isOpen()) {
      return;
    }
    if (response.writeQueueFull()) {
      if (++writesWhileFull > MAX_PENDING_WRITES) {
        closed = true;
        response.reset();
        return;
      }
    } else {
      writesWhileFull = 0;
    }
    response.write(text);
  }
}
