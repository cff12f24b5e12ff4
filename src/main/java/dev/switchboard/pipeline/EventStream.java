package dev.switchboard.pipeline;


/**
 * A logical server-to-client stream of a legacy session (the response stream of one POST, or the GET
 * stream). It outlives its HTTP connection: events go to the replay log first, then to whichever
 * connection currently carries the stream, so a resumed connection picks up where the old one broke.
 */
public final class EventStream {
  private final String id;
  private final EventLog log;
  private EventSink channel;
  private boolean finished;

  EventStream(String id, EventLog log) {
    this.id = id;
    this.log = log;
  }

  public String id() {
    return id;
  }

  public synchronized void send(String data) {
    EventLog.Event e = log.append(id, data);
    if (channel != null) {
      channel.event(e.id(), data);
    }
  }

  /** Carries the stream on a (new) connection; a finished stream ends the connection at once. */
  public synchronized void attach(EventSink ch) {
    if (channel != null && channel != ch) {
      channel.end();
    }
    channel = ch;
    if (finished) {
      ch.end();
    }
  }

  /**
   * Resumes the stream on a new connection after {@code lastEventId}: replays what the client missed, then
   * carries live events (or ends at once if the stream already finished). Under the stream's lock, so no
   * event can slip between the replay and the attach.
   */
  public synchronized void resume(EventSink ch, String lastEventId) {
    for (EventLog.Event e : log.after(lastEventId)) {
      ch.event(e.id(), e.data());
    }
    attach(ch);
  }

  public synchronized void finish() {
    finished = true;
    if (channel != null) {
      channel.end();
    }
  }

  public synchronized boolean isFinished() {
    return finished;
  }

  public synchronized boolean hasLiveConnection() {
    return channel != null && channel.isOpen();
  }

  public synchronized void keepAlive() {
    if (channel != null) {
      channel.keepAlive();
    }
  }
}
