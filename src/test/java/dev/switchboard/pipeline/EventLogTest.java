package dev.switchboard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.pipeline.EventLog;
import org.junit.jupiter.api.Test;

class EventLogTest {
  @Test
  void replaysOnlyLaterEventsOfTheSameStream() {
    EventLog log = new EventLog(10);
    EventLog.Event a1 = log.append("a", "a1");
    log.append("b", "b1");
    log.append("a", "a2");
    log.append("a", "a3");
    assertThat(log.streamOf(a1.id())).isEqualTo("a");
    assertThat(log.after(a1.id())).extracting(EventLog.Event::data).containsExactly("a2", "a3");
  }

  @Test
  void eventsOutsideTheWindowAreForgotten() {
    EventLog log = new EventLog(2);
    EventLog.Event first = log.append("a", "1");
    log.append("a", "2");
    log.append("a", "3");
    assertThat(log.streamOf(first.id())).isNull();
    assertThat(log.streamOf("not-a-number")).isNull();
  }
}
