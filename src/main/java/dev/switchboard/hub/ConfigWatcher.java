package dev.switchboard.hub;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reloads the hub when its config file changes (polled: editors that replace the file, or keep its
 * mtime, are caught alike) and on SIGHUP. The file is read and validated off the event loop; a file that
 * does not load is rejected with its message and the running config stays.
 */
public final class ConfigWatcher {
  private static final System.Logger LOG = System.getLogger(ConfigWatcher.class.getName());
  private final Vertx vertx;
  private final Context context;
  private final Path file;
  private final Hub hub;
  private final long intervalMillis;
  private volatile String lastText;
  private long timer = -1;
  private boolean started;
  private boolean signalledBeforeStart;

  public ConfigWatcher(Vertx vertx, Path file, Hub hub, long intervalMillis) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.file = file;
    this.hub = hub;
    this.intervalMillis = intervalMillis;
    // The baseline is the file as it is now, next to when the hub loaded it: an edit made while the hub
    // starts is a change the first poll applies.
    this.lastText = read();
  }

  /**
   * Takes over SIGHUP now, before the hub starts: the JVM's default for SIGHUP is to exit, so a reload
   * signal sent as soon as the hub says it is listening must not find the process without a handler. A
   * signal that arrives before {@link #start} is applied when it runs.
   */
  public synchronized void handleSignals() {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> onSignal());
    } catch (IllegalArgumentException e) {
      LOG.log(System.Logger.Level.WARNING, "SIGHUP cannot be handled here ({0}); the file is still watched",
          e.getMessage());
    }
  }

  private synchronized void onSignal() {
    if (started) {
      context.runOnContext(v -> reload("SIGHUP"));
    } else {
      signalledBeforeStart = true;
    }
  }

  /** Starts watching the file (SIGHUP too, once {@link #handleSignals} was called: only the real process wants it). */
  public synchronized void start() {
    timer = vertx.setPeriodic(intervalMillis, t -> checkForChange());
    started = true;
    if (signalledBeforeStart) {
      context.runOnContext(v -> reload("SIGHUP"));
    }
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  private void checkForChange() {
    vertx.executeBlocking(this::read, false).onSuccess(text -> {
      if (text != null && !text.equals(lastText)) {
        reload("file change");
      }
    });
  }

  /** Reads, validates and applies the file; on the event loop of the watcher's context. */
  public void reload(String why) {
    vertx.executeBlocking(() -> {
      String text = ConfigLoader.read(file);
      lastText = text;
      return new ConfigLoader().parse(text, file.toString());
    }, false).onComplete(ar -> context.runOnContext(v -> {
      if (ar.succeeded()) {
        LOG.log(System.Logger.Level.INFO, "Reloading {0} ({1})", file, why);
        hub.reload(ar.result());
      } else {
        Throwable e = ar.cause();
        hub.reloadFailed(e instanceof ConfigException ? e.getMessage() : file + ": " + e.getMessage());
      }
    }));
  }

  private String read() {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return null; // mid-replace, or gone: the next poll sees it again
    }
  }
}
