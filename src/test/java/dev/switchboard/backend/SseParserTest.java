package dev.switchboard.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {
  private final List<SseParser.Event> events = new ArrayList<>();
  private final SseParser parser = new SseParser(1024, events::add);

  @Test
  void parsesEventsSplitAcrossChunksWithAnyLineEnding() {
    parser.feed(Buffer.buffer("id: 1\r\nevent: message\r\ndata: {\"a\""));
    parser.feed(Buffer.buffer(":1}\r\n\r\n: comment\n\ndata: x\rdata: y\r\r"));
    assertThat(events).containsExactly(new SseParser.Event("1", "message", "{\"a\":1}"),
        new SseParser.Event("1", "message", "x\ny"));
  }

  @Test
  void multiByteCharactersSplitAcrossChunksSurvive() {
    byte[] bytes = "data: größe\n\n".getBytes(StandardCharsets.UTF_8);
    for (byte b : bytes) {
      parser.feed(Buffer.buffer(new byte[] {b}));
    }
    assertThat(events).singleElement().extracting(SseParser.Event::data).isEqualTo("größe");
  }

  @Test
  void oversizedEventsAreRefused() {
    assertThatThrownBy(() -> parser.feed(Buffer.buffer("data: " + "x".repeat(2000))))
        .isInstanceOf(IllegalStateException.class);
  }
}
