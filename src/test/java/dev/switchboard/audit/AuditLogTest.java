package dev.switchboard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.pipeline.AuditObserver;
import dev.switchboard.protocol.Sha256;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
  @TempDir
  Path dir;

  @Test
  void writesAChainThatVerifiesAndContinuesAcrossRestarts() throws Exception {
    var config = AuditTrails.config(dir, 64 << 20, 1000);
    AuditTrails.write(config, AuditTrails.KEY, Clock.systemUTC(), 20);
    AuditTrails.write(config, AuditTrails.KEY, Clock.systemUTC(), 5);

    List<Path> files = AuditTrails.files(dir);
    assertThat(files).hasSize(2); // a new file per start; the first is never written again
    AuditVerifier.Report report = new AuditVerifier(AuditTrails.KEY, false).verify(dir, b -> {});
    assertThat(report.problem()).isNull();
    // per run: hub_start + records + hub_stop + shutdown checkpoint
    assertThat(report.records()).isEqualTo(2 * 3 + 25);
    assertThat(report.macsChecked()).isEqualTo(2);
    assertThat(report.warnings()).isEmpty();
    JsonObject first = new JsonObject(Files.readAllLines(files.get(1)).get(0));
    assertThat(first.getLong("seq")).isEqualTo(24);
    assertThat(first.getString("prev")).isEqualTo(Sha256.hex(
        Files.readAllLines(files.get(0)).get(22).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Test
  void aRecordsFutureCompletesOnlyOnceItIsInTheFile() throws Exception {
    var config = AuditTrails.config(dir, 64 << 20, 1000);
    AuditLog log = new AuditLog(config, null, "sb-test", AuditObserver.NONE, Clock.systemUTC());
    log.start(new JsonObject()).toCompletionStage().toCompletableFuture().get();
    AuditEvents events = new AuditEvents("sb-test", config);
    for (int i = 0; i < 20; i++) {
      String marker = "marker-" + i;
      log.append(events.hub("call", new JsonObject().put("name", marker))).toCompletionStage().toCompletableFuture()
          .get();
      assertThat(Files.readString(AuditTrails.files(dir).get(0))).contains("\"" + marker + "\"");
    }
    log.close().toCompletionStage().toCompletableFuture().get();
  }

  @Test
  void recordsCarryFormatTimeAndChainFields() throws Exception {
    AuditTrails.write(AuditTrails.config(dir, 64 << 20, 1000), null, Clock.systemUTC(), 1);
    JsonObject r = new JsonObject(Files.readAllLines(AuditTrails.files(dir).get(0)).get(1));
    assertThat(r.getInteger("v")).isEqualTo(1);
    assertThat(r.getLong("seq")).isEqualTo(2);
    assertThat(r.getString("time")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(r.getString("prev")).hasSize(64);
    assertThat(r.getString("instance")).isEqualTo("sb-test");
  }

  @Test
  void rotatesBySizeWithACheckpointClosingEachFile() throws Exception {
    AuditTrails.write(AuditTrails.config(dir, 4096, 1000), AuditTrails.KEY, Clock.systemUTC(), 200);
    List<Path> files = AuditTrails.files(dir);
    assertThat(files.size()).isGreaterThan(3);
    for (Path f : files.subList(0, files.size() - 1)) {
      List<String> lines = Files.readAllLines(f);
      assertThat(new JsonObject(lines.get(lines.size() - 1)).getString("reason")).isEqualTo("rotate");
      assertThat(Files.size(f)).isLessThan(4096 + 2048); // one batch may cross the limit, never much more
    }
    assertThat(new AuditVerifier(AuditTrails.KEY, false).verify(dir, b -> {}).problem()).isNull();
  }

  @Test
  void rotatesWhenTheUtcDayChanges() throws Exception {
    var clock = new AuditTrails.MovableClock(Instant.parse("2026-11-24T23:59:59Z"));
    var config = AuditTrails.config(dir, 64 << 20, 1000);
    AuditLog log = new AuditLog(config, null, "sb-test", AuditObserver.NONE, clock);
    log.start(new JsonObject()).toCompletionStage().toCompletableFuture().get();
    AuditEvents events = new AuditEvents("sb-test", config);
    log.append(events.hub("call", new JsonObject())).toCompletionStage().toCompletableFuture().get();
    clock.set(Instant.parse("2026-11-25T00:00:01Z"));
    log.append(events.hub("call", new JsonObject())).toCompletionStage().toCompletableFuture().get();
    log.close().toCompletionStage().toCompletableFuture().get();
    assertThat(AuditTrails.files(dir)).extracting(p -> p.getFileName().toString())
        .containsExactly("audit-000000000001-2026-11-24.jsonl", "audit-000000000004-2026-11-25.jsonl");
    assertThat(new AuditVerifier(null, false).verify(dir, b -> {}).problem()).isNull();
  }

  @Test
  void periodicCheckpointsEveryNRecords() throws Exception {
    AuditTrails.write(AuditTrails.config(dir, 64 << 20, 10), AuditTrails.KEY, Clock.systemUTC(), 50);
    AuditVerifier.Report report = new AuditVerifier(AuditTrails.KEY, false).verify(dir, b -> {});
    assertThat(report.problem()).isNull();
    assertThat(report.checkpoints()).isGreaterThanOrEqualTo(5);
    assertThat(report.macsChecked()).isEqualTo(report.checkpoints());
  }

  @Test
  void aTornFinalWriteIsSetAsideAndTheChainContinuesFromTheLastCompleteRecord() throws Exception {
    var config = AuditTrails.config(dir, 64 << 20, 1000);
    AuditTrails.write(config, null, Clock.systemUTC(), 3);
    Path file = AuditTrails.files(dir).get(0);
    Files.writeString(file, "{\"v\":1,\"seq\":7,\"ty", java.nio.file.StandardOpenOption.APPEND); // crash mid-write
    AuditTrails.write(config, null, Clock.systemUTC(), 1);
    AuditVerifier.Report report = new AuditVerifier(null, false).verify(dir, b -> {});
    assertThat(report.problem()).isNull();
    assertThat(report.warnings()).anyMatch(w -> w.contains("incomplete final record"));
  }

  @Test
  void aRecordThatCannotBeEncodedIsWrittenAsAStandInAndTheTrailGoesOn() throws Exception {
    var config = AuditTrails.config(dir, 64 << 20, 1000);
    AuditLog log = new AuditLog(config, AuditTrails.KEY, "sb-test", AuditObserver.NONE, Clock.systemUTC());
    log.start(new JsonObject()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    AuditEvents events = new AuditEvents("sb-test", config);
    JsonObject broken = events.hub("call", new JsonObject().put("user", "alice@example.com")
        .put("method", "tools/call").put("detail", new JsonObject().put("notJson", new Object())));
    log.append(broken).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS); // answered, not hung
    log.append(events.hub("call", new JsonObject().put("name", "after"))).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    log.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    List<String> lines = Files.readAllLines(AuditTrails.files(dir).get(0));
    JsonObject standIn = new JsonObject(lines.get(1));
    assertThat(standIn.getString("type")).isEqualTo("unrecordable");
    assertThat(standIn.getString("recordType")).isEqualTo("call");
    assertThat(standIn.getString("user")).isEqualTo("alice@example.com");
    assertThat(standIn.getString("error")).contains("Object");
    assertThat(standIn.getLong("seq")).isEqualTo(2);
    assertThat(new JsonObject(lines.get(2)).getString("name")).isEqualTo("after");
    AuditVerifier.Report report = new AuditVerifier(AuditTrails.KEY, false).verify(dir, b -> {});
    assertThat(report.problem()).isNull();
    assertThat(report.records()).isEqualTo(lines.size());
  }
}
