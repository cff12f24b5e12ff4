package dev.switchboard.transport;

import dev.switchboard.pipeline.EventLog;
import dev.switchboard.pipeline.EventStream;
import dev.switchboard.pipeline.LegacySession;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.McpNames;
import io.vertx.core.http.HttpServerRequest;

/**
 * GET on a legacy session: without {@code Last-Event-ID}, (re)opens the session's standalone stream;
 * with it, resumes the stream that event belonged to — replaying what was missed, then continuing live.
 */
final class LegacyStreams {
  private LegacyStreams() {}

  /** Opens the stream; {@code onDone} runs when it is over, however it ends. */
  static void open(LegacySession session, HttpServerRequest req, Runnable onDone) {
    String lastEventId = req.getHeader(McpNames.HEADER_LAST_EVENT_ID);
    if (lastEventId == null) {
      SseChannel channel = SseChannel.open(req.response());
      channel.onDone(onDone);
      session.getStream().attach(channel);
      return;
    }
    String streamId = session.events().streamOf(lastEventId);
    if (streamId == null) {
      throw new McpError(ErrorKind.INVALID_REQUEST, "Bad Request: Last-Event-ID '" + lastEventId
          + "' is unknown or older than the replay window; open a new stream without it");
    }
    SseChannel channel = SseChannel.open(req.response());
    channel.onDone(onDone);
    EventStream stream = streamId.equals(LegacySession.GET_STREAM) ? session.getStream() : session.stream(streamId);
    if (stream != null) {
      stream.resume(channel, lastEventId);
      return;
    }
    // The stream finished after the client lost it: replay the rest of it from the log, then end.
    for (EventLog.Event e : session.events().after(lastEventId)) {
      channel.event(e.id(), e.data());
    }
    channel.end();
  }
}
