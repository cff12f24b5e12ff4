package dev.switchboard.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The last N server-to-client events of one session, each tagged with the logical stream it belongs to,
 * so a client that lost a stream can resume it with {@code Last-Event-ID} without losing messages.
 * Event ids are decimal sequence numbers, unique within the session.
 */
public final class EventLog {
  public record Event(long seq, String streamId, String data) {
    public String id() {
      return Long.toString(seq);
    }
  }

  private final int capacity;
  private final ArrayDeque<Event> events = new ArrayDeque<>();
  private long nextSeq = 1;

  public EventLog(int capacity) {
    this.capacity = capacity;
  }

  public synchronized Event append(String streamId, String data) {
    Event e = new Event(nextSeq++, streamId, data);
    if (capacity > 0) {
      if (events.size() == capacity) {
        events.removeFirst();
      }
      events.addLast(e);
    }
    return e;
  }

  /** The stream the given event id belonged to, or null if it is unknown or fell out of the window. */
  public synchronized String streamOf(String eventId) {
    long seq = parse(eventId);
    for (Event e : events) {
      if (e.seq() == seq) {
        return e.streamId();
      }
    }
    return null;
  }

  /** The events of the same stream after the given one, oldest first. */
  public synchronized List<Event> after(String eventId) {
    long seq = parse(eventId);
    String stream = streamOf(eventId);
    List<Event> out = new ArrayList<>();
    for (Event e : events) {
      if (e.seq() > seq && e.streamId().equals(stream)) {
        out.add(e);
      }
    }
    return out;
  }

  private static long parse(String eventId) {
    try {
      return Long.parseLong(eventId.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
