package dev.switchboard.audit;

import dev.switchboard.config.AuditConfig;
import dev.switchboard.pipeline.AuditObserver;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;

/**
 * Whether the trail can be written now, and if not why, since when and when to try again. The writer thread
 * opens the trail and reports failures here; event loops read it (readiness, and whether a call may start):
 * the fields they read are volatile.
 */
final class TrailHealth {
  private static final System.Logger LOG = System.getLogger(AuditLog.class.getName());
  private static final long RETRY_MILLIS = 1000;
  private final AuditConfig config;
  private final AuditObserver observer;
  private final Clock clock;
  private volatile boolean writable;
  private volatile String lastError = "not started";
  private volatile long unwritableSinceMillis = System.currentTimeMillis();
  // Writer thread only.
  private long nextRetryMillis;
  private boolean failureLogged;
  private Boolean reported; // the writability last told to the observer; null before the first open

  TrailHealth(AuditConfig config, AuditObserver observer, Clock clock) {
    this.config = config;
    this.observer = observer;
    this.clock = clock;
  }

  boolean writable() {
    return writable;
  }

  /** Why the trail cannot be written, without "since when"; null while it can. */
  String error() {
    return lastError;
  }

  /** Why the trail cannot be written, and since when; null while it can. */
  String errorSince() {
    String error = lastError;
    return error == null ? null : error + " (since " + Instant.ofEpochMilli(unwritableSinceMillis) + ")";
  }

  /** Whether the trail is down and it is time to try opening it again. */
  boolean retryDue() {
    return !writable && clock.millis() >= nextRetryMillis;
  }

  /** Opens the chain's next file; the trail is writable from here, or the failure is reported. */
  void open(ChainWriter chain) {
    try {
      chain.open();
      if (Boolean.FALSE.equals(reported)) {
        observer.writable(true);
      }
      reported = true;
      writable = true;
      lastError = null;
      failureLogged = false;
      LOG.log(System.Logger.Level.INFO, "Audit trail open in {0} at record {1}", chain.dir().toAbsolutePath(),
          chain.nextSeq());
    } catch (IOException | RuntimeException e) {
      failed(chain, e);
    }
  }

  /** The trail could not be written: logged once when it begins (and once per failed start), counted each time. */
  void failed(ChainWriter chain, Exception e) {
    boolean wasWritable = writable;
    if (wasWritable) {
      unwritableSinceMillis = System.currentTimeMillis();
    }
    if (!Boolean.FALSE.equals(reported)) { // a start that cannot open the trail counts as a change too
      observer.writable(false);
    }
    reported = false;
    writable = false;
    lastError = describe(e);
    nextRetryMillis = clock.millis() + RETRY_MILLIS;
    observer.failed();
    if (wasWritable || !failureLogged) {
      failureLogged = true;
      LOG.log(System.Logger.Level.ERROR, "Audit trail in {0} cannot be written: {1}; {2}", chain.dir().toAbsolutePath(),
          lastError, config.failClosed() ? "refusing calls until it can" : "calls continue (failure: open)");
    }
  }

  /** The writer stopped: nothing more is written. */
  void stopped() {
    writable = false;
  }

  private static String describe(Exception e) {
    if (e instanceof java.nio.file.FileAlreadyExistsException f) {
      return f.getFile() + " exists and is not a directory";
    }
    if (e instanceof java.nio.file.AccessDeniedException a) {
      return "permission denied: " + a.getFile();
    }
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason() + ": " + f.getFile();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
