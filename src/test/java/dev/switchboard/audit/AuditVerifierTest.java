package dev.switchboard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Sha256;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way of tampering with a trail that the issue names, each on a real trail written by the writer. */
class AuditVerifierTest {
  @TempDir
  Path dir;
  List<Path> files;

  @BeforeEach
  void writeTrail() throws Exception {
    // Small files so the trail spans several; a checkpoint every 10 records.
    AuditTrails.write(AuditTrails.config(dir, 4096, 10), AuditTrails.KEY, Clock.systemUTC(), 120);
    files = AuditTrails.files(dir);
    assertThat(files.size()).isGreaterThanOrEqualTo(4);
    assertThat(verify(AuditTrails.KEY).problem()).isNull();
  }

  private AuditVerifier.Report verify(byte[] key) throws Exception {
    return new AuditVerifier(key, false).verify(dir, b -> {});
  }

  private List<String> lines(Path f) throws Exception {
    return new ArrayList<>(Files.readAllLines(f, StandardCharsets.UTF_8));
  }

  private void write(Path f, List<String> lines) throws Exception {
    Files.writeString(f, String.join("\n", lines) + (lines.isEmpty() ? "" : "\n"), StandardCharsets.UTF_8);
  }

  @Test
  void editingAFieldBreaksTheChainAtTheNextRecord() throws Exception {
    Path f = files.get(1);
    List<String> l = lines(f);
    l.set(2, l.get(2).replace("alice@example.com", "mallory@example.com"));
    write(f, l);
    String problem = verify(AuditTrails.KEY).problem();
    assertThat(problem).startsWith(f.getFileName() + ":4: ").contains("chain broken");
  }

  /** A tampered file with one enormous line is reported at that line, without holding it in memory. */
  @Test
  void aLineFarLongerThanAnyRecordIsReportedNotRead() throws Exception {
    Path f = files.get(1);
    List<String> l = lines(f);
    try (var out = Files.newOutputStream(f)) {
      out.write((String.join("\n", l.subList(0, 2)) + "\n").getBytes(StandardCharsets.UTF_8));
      byte[] block = new byte[1 << 20];
      java.util.Arrays.fill(block, (byte) 'a');
      for (int i = 0; i <= AuditLines.MAX_LINE_BYTES >> 20; i++) {
        out.write(block);
      }
      out.write(("\n" + String.join("\n", l.subList(2, l.size())) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    assertThat(verify(null).problem()).startsWith(f.getFileName() + ":3: ")
        .contains("a line over " + AuditLines.MAX_LINE_BYTES + " bytes");
  }

  @Test
  void deletingALineIsASequenceGap() throws Exception {
    Path f = files.get(1);
    List<String> l = lines(f);
    l.remove(3);
    write(f, l);
    assertThat(verify(null).problem()).startsWith(f.getFileName() + ":4: ").contains("deleted, reordered or inserted");
  }

  @Test
  void swappingTwoLinesIsDetected() throws Exception {
    Path f = files.get(2);
    List<String> l = lines(f);
    String a = l.get(3);
    l.set(3, l.get(4));
    l.set(4, a);
    write(f, l);
    assertThat(verify(null).problem()).startsWith(f.getFileName() + ":4: ");
  }

  @Test
  void truncatingAFileIsDetectedWhereTheNextFileContinues() throws Exception {
    Path f = files.get(1);
    List<String> l = lines(f);
    write(f, l.subList(0, l.size() - 3));
    assertThat(verify(null).problem()).startsWith(files.get(2).getFileName() + ":1: ");
  }

  @Test
  void removingAMiddleFileIsDetected() throws Exception {
    Files.delete(files.get(1));
    assertThat(verify(null).problem()).startsWith(files.get(2).getFileName() + ":1: ")
        .contains("deleted, reordered or inserted");
  }

  @Test
  void removingTheFirstFileIsDetectedUnlessPruningIsDeclared() throws Exception {
    Files.delete(files.get(0));
    assertThat(verify(null).problem()).contains("earlier files are missing");
    assertThat(new AuditVerifier(AuditTrails.KEY, true).verify(dir, b -> {}).problem()).isNull();
  }

  @Test
  void removingTheNewestFileLeavesATrailWithoutItsShutdownCheckpoint() throws Exception {
    Files.delete(files.get(files.size() - 1));
    AuditVerifier.Report report = verify(AuditTrails.KEY);
    assertThat(report.problem()).isNull(); // indistinguishable from a crash, but said out loud:
    assertThat(report.warnings()).anyMatch(w -> w.contains("does not end with a shutdown checkpoint"));
  }

  @Test
  void rewritingTheWholeChainWithoutTheKeyFailsTheCheckpointMac() throws Exception {
    // The attacker edits one record and recomputes every hash after it, but cannot compute the MACs.
    Path edited = files.get(1);
    String prev = null;
    for (Path f : files) {
      List<String> l = lines(f);
      for (int i = 0; i < l.size(); i++) {
        JsonObject r = new JsonObject(l.get(i));
        if (f.equals(edited) && i == 2) {
          r.put("user", "mallory@example.com");
        }
        if (prev != null) {
          r.put("prev", prev);
        }
        l.set(i, r.encode());
        prev = Sha256.hex(l.get(i));
      }
      write(f, l);
    }
    assertThat(verify(null).problem()).as("without the key the rewrite passes").isNull();
    assertThat(verify(null).warnings()).anyMatch(w -> w.contains("no key given"));
    assertThat(verify(AuditTrails.KEY).problem()).contains("checkpoint MAC does not match");
  }

  @Test
  void theWrongKeyIsReported() throws Exception {
    assertThat(verify("another key of enough length!!".getBytes(StandardCharsets.UTF_8)).problem())
        .contains("checkpoint MAC does not match");
  }

  @Test
  void garbageInsteadOfARecordIsNamedWithFileAndLine() throws Exception {
    Path f = files.get(0);
    List<String> l = lines(f);
    l.set(1, "not json at all");
    write(f, l);
    assertThat(verify(null).problem()).startsWith(f.getFileName() + ":2: not a JSON record");
  }
}
