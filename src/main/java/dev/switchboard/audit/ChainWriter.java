package dev.switchboard.audit;

import dev.switchboard.config.AuditConfig;
import dev.switchboard.pipeline.AuditObserver;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The chain on disk: numbers, chains, encodes and appends batches of records to the trail's current file,
 * writes the checkpoints (periodic, at rotation, at shutdown) and rotates by size and day. Knows nothing of
 * the calls waiting for their records or of failure policy (that is {@link AuditLog}'s). An I/O error leaves
 * the chain where the last complete batch left it. Used by the writer thread only.
 */
final class ChainWriter {
  private static final System.Logger LOG = System.getLogger(ChainWriter.class.getName());

  private final AuditConfig config;
  private final Path dir;
  private final byte[] key;
  private final AuditEvents events;
  private final AuditObserver observer;
  private final Clock clock;
  private final TrailFile file;
  private final BatchEncoder encoder = new BatchEncoder();
  private final TrailTime time = new TrailTime();
  private final ToIntFunction<Object> measure = encoder::encodedLength;
  private boolean recovered;
  private long seq;
  private String prev = AuditChain.GENESIS;
  private int sinceCheckpoint;
  private long lastCheckpointMillis;

  ChainWriter(AuditConfig config, byte[] key, AuditEvents events, AuditObserver observer, Clock clock) {
    this.config = config;
    this.dir = Path.of(config.dir());
    this.file = new TrailFile(dir);
    this.key = key;
    this.events = events;
    this.observer = observer;
    this.clock = clock;
  }

  Path dir() {
    return dir;
  }

  /** The number the next record will get. */
  long nextSeq() {
    return seq + 1;
  }

  /**
   * Starts a new file; the first time, after continuing the chain from the last complete record already
   * on disk. A file is never reopened: every start and every recovery begins a new one.
   */
  void open() throws IOException {
    file.closeQuietly();
    if (!recovered) {
      TrailFile.Tail tail = TrailFile.lastRecord(dir);
      if (tail != null) {
        seq = tail.seq();
        prev = tail.hash();
      }
      recovered = true;
    }
    file.open(seq + 1, today());
    lastCheckpointMillis = clock.millis();
  }

  void closeQuietly() {
    file.closeQuietly();
  }

  /**
   * Appends a batch (after rotating, when due), preceded by an {@code audit_gap} record when {@code lost}
   * records were dropped since the last batch written.
   */
  void write(List<JsonObject> bodies, long lost) throws IOException {
    rotateIfDue();
    if (lost > 0) {
      bodies = new ArrayList<>(bodies);
      bodies.add(0, events.hub("audit_gap", new JsonObject().put("lostRecords", lost)
          .put("detail", "records dropped while the trail could not be written and the backlog was full")));
    }
    append(bodies);
  }

  void checkpointIfDue() throws IOException {
    long now = clock.millis();
    boolean byCount = sinceCheckpoint >= config.checkpointEvery();
    boolean byTime = sinceCheckpoint > 0 && now - lastCheckpointMillis >= config.checkpointInterval().millis();
    if (byCount || byTime) {
      checkpoint("periodic");
    }
  }

  void checkpoint(String reason) throws IOException {
    append(List.of(events.checkpoint(reason)));
    sinceCheckpoint = 0;
    lastCheckpointMillis = clock.millis();
  }

  private void rotateIfDue() throws IOException {
    if (file.due(config.maxFileBytes(), today())) {
      checkpoint("rotate");
      file.close();
      file.open(seq + 1, today());
    }
  }

  private void append(List<JsonObject> bodies) throws IOException {
    encoder.reset();
    long s = seq;
    String p = prev;
    for (JsonObject body : bodies) {
      s++;
      body.put("seq", s);
      if (body.getValue("time") instanceof Number millis) {
        body.put("time", time.format(millis.longValue()));
      }
      if ("checkpoint".equals(body.getString("type")) && key != null) {
        body.put("mac", AuditChain.checkpointMac(key, p, s));
      }
      body.put("prev", p);
      p = encode(body);
    }
    observer.committed(bodies.size(), file.append(encoder.array(), encoder.size(), config.fsync()));
    seq = s;
    prev = p;
    sinceCheckpoint += bodies.size();
    if (config.stdout()) {
      System.out.write(encoder.array(), 0, encoder.size());
      System.out.flush();
    }
  }

  /**
   * Finishes a record's deferred fields in place. One that cannot be finished (a value that is not JSON: a
   * bug) is replaced by a stand-in, which keeps its place in the chain, so the trail goes on and the call
   * is answered.
   */
  JsonObject completed(JsonObject body) {
    try {
      events.complete(body, measure);
      return body;
    } catch (RuntimeException e) {
      return standIn(body, e);
    }
  }

  /** Finishes a record and encodes it into the batch; one that cannot be encoded goes in as its stand-in. */
  private String encode(JsonObject body) {
    JsonObject finished = completed(body);
    try {
      return encoder.append(finished);
    } catch (RuntimeException e) {
      return encoder.append(standIn(finished, e));
    }
  }

  private JsonObject standIn(JsonObject body, RuntimeException e) {
    LOG.log(System.Logger.Level.ERROR, "Audit record {0} ({1}) could not be encoded; written as an unrecordable "
        + "stand-in: {2}", body.getValue("seq"), body.getValue("type"), e.toString());
    return events.unrecordable(body, e.toString());
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }
}
