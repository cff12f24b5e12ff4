package dev.switchboard.pipeline;

/**
 * Where a session's stream writes its events: a port the transport implements (an SSE response), so the
 * session state never depends on HTTP.
 */
public interface EventSink {
  boolean isOpen();

  /** One event, with its id for resumption (null: none). */
  void event(String id, String data);

  void keepAlive();

  void end();
}
