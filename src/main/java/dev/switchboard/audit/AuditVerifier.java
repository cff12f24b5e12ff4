package dev.switchboard.audit;

import dev.switchboard.protocol.Sha256;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Checks a whole trail: every record's {@code prev} against the hash of the record before it (across
 * files), consecutive {@code seq}, file names against their first record, and — given the key — every
 * checkpoint's MAC. Stops at the first break and names its file and line.
 */
public final class AuditVerifier {
  private final byte[] key;
  private final boolean allowPruned;

  /** What verification found: a break (or null), and warnings that are not breaks. */
  public record Report(long records, int files, long checkpoints, long macsChecked, String problem,
      List<String> warnings) {
    public boolean ok() {
      return problem == null;
    }
  }

  public AuditVerifier(byte[] key, boolean allowPruned) {
    this.key = key;
    this.allowPruned = allowPruned;
  }

  /** Verifies the trail in {@code dir}; {@code progress} gets the bytes read so far, now and then. */
  public Report verify(Path dir, LongConsumer progress) throws IOException {
    List<Path> files = AuditFiles.list(dir);
    List<String> warnings = new ArrayList<>();
    if (files.isEmpty()) {
      return new Report(0, 0, 0, 0, dir + ": no audit files (audit-*.jsonl) found", warnings);
    }
    State st = new State();
    long bytesBefore = 0;
    for (int f = 0; f < files.size(); f++) {
      Path file = files.get(f);
      String problem = verifyFile(file, f == files.size() - 1, st, warnings, bytesBefore, progress);
      bytesBefore += Files.size(file);
      if (problem != null) {
        return new Report(st.records, f + 1, st.checkpoints, st.macs, problem, warnings);
      }
    }
    if (!"checkpoint".equals(st.lastType) || !"shutdown".equals(st.lastReason)) {
      warnings.add("the trail does not end with a shutdown checkpoint: the hub is running, was killed, or the "
          + "newest records or file were removed (compare with a shipped copy of the trail)");
    }
    if (key != null && st.sinceMac > 0) {
      warnings.add(st.sinceMac + " records after the last checkpoint are chained but not yet covered by a MAC");
    }
    if (key == null && st.checkpoints > 0) {
      warnings.add("no key given: checkpoint MACs were not checked, so a rewrite of the whole chain would pass");
    }
    return new Report(st.records, files.size(), st.checkpoints, st.macs, null, warnings);
  }

  private static final class State {
    long records;
    long checkpoints;
    long macs;
    long sinceMac;
    long seq = -1;
    String prev;
    String lastType;
    String lastReason;
  }

  private String verifyFile(Path file, boolean lastFile, State st, List<String> warnings, long bytesBefore,
      LongConsumer progress) throws IOException {
    long expectedFirst = AuditFiles.firstSeq(file);
    try (AuditLines lines = new AuditLines(file)) {
      int lineNo = 0;
      byte[] line;
      while ((line = lines.next()) != null) {
        lineNo++;
        String at = file.getFileName() + ":" + lineNo + ": ";
        if (lines.lastTooLong()) {
          return at + "a line over " + AuditLines.MAX_LINE_BYTES + " bytes: not a record the hub writes";
        }
        if (!lines.lastTerminated()) {
          warnings.add(at + "incomplete final record (a write torn by a crash; it was never acknowledged)");
          break;
        }
        JsonObject r;
        try {
          r = new JsonObject(Buffer.buffer(line));
        } catch (DecodeException e) {
          return at + "not a JSON record (" + e.getMessage() + ")";
        }
        String problem = check(r, lineNo == 1 ? expectedFirst : -1, st, at);
        if (problem != null) {
          return problem;
        }
        st.prev = Sha256.hex(line);
        st.records++;
        if (st.records % 10_000 == 0) {
          progress.accept(bytesBefore + lines.bytesRead());
        }
      }
      if (lineNo == 0) {
        return file.getFileName() + ": empty audit file";
      }
    }
    progress.accept(bytesBefore + Files.size(file));
    return null;
  }

  private String check(JsonObject r, long fileFirstSeq, State st, String at) {
    if (!Integer.valueOf(AuditChain.FORMAT).equals(r.getInteger("v"))) {
      return at + "unknown record format v=" + r.getValue("v") + " (this verifier knows v=" + AuditChain.FORMAT + ")";
    }
    Long seq = r.getLong("seq");
    String prev = r.getString("prev");
    if (seq == null || prev == null) {
      return at + "record lacks 'seq' or 'prev'";
    }
    if (st.prev == null) {
      if (!allowPruned && (seq != 1 || !prev.equals(AuditChain.GENESIS))) {
        return at + "the trail starts at record " + seq + ", not at record 1: earlier files are missing "
            + "(pass --allow-pruned if they were removed by retention on purpose)";
      }
    } else {
      if (seq != st.seq + 1) {
        return at + "record " + seq + " follows record " + st.seq + ": records were deleted, reordered or inserted";
      }
      if (!prev.equals(st.prev)) {
        return at + "chain broken: 'prev' is not the hash of the record before it (that record, or this one's "
            + "position, was changed)";
      }
    }
    if (fileFirstSeq >= 0 && seq != fileFirstSeq) {
      return at + "file is named for record " + fileFirstSeq + " but starts with record " + seq;
    }
    st.seq = seq;
    st.lastType = r.getString("type");
    st.lastReason = r.getString("reason");
    st.sinceMac++;
    if ("checkpoint".equals(st.lastType)) {
      st.checkpoints++;
      if (key != null) {
        String mac = r.getString("mac");
        if (mac == null) {
          return at + "checkpoint has no MAC, but a key was given (written without a key, or the MAC was removed)";
        }
        if (!mac.equals(AuditChain.checkpointMac(key, prev, seq))) {
          return at + "checkpoint MAC does not match: the chain up to here was rewritten, or the key is wrong";
        }
        st.macs++;
        st.sinceMac = 0;
      }
    }
    return null;
  }
}
