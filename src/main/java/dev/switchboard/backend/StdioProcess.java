package dev.switchboard.backend;

import dev.switchboard.protocol.BoundedLines;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One running stdio MCP server: newline-delimited JSON-RPC on its stdin and stdout. Two threads read
 * (stdout for messages, stderr into the hub's log tagged with the backend); writes go through Vert.x'
 * worker pool; everything else happens on the backend's event-loop context.
 */
final class StdioProcess extends JsonRpcChannel {
  private static final System.Logger LOG = System.getLogger(StdioProcess.class.getName());
  private static final int MAX_LOGGED_LINE = 500;
  private static final int LOGGED_NOT_JSON = 10;
  /** A stderr line longer than this is not logged (servers log to stderr; nobody reads a megabyte line). */
  private static final int MAX_STDERR_LINE = 64 * 1024;
  /** How long a server has to exit after its stdin closes, and again after SIGTERM, before it is killed. */
  static final long STOP_GRACE_MILLIS = 2_000;
  /**
   * How much stdout that is not a message (lines that are not JSON-RPC, lines over the limit) a server may
   * write between two messages before it is taken as stuck: a reader skipping a flood spends a core on it
   * while its owner's calls wait in vain.
   */
  static final long MAX_JUNK_BYTES = 64L * 1024 * 1024;
  private final Process process;
  private final OutputStream stdin;

  private StdioProcess(String backend, String owner, Vertx vertx, Context context, Process process) {
    super(backend, owner, vertx, context);
    this.process = process;
    this.stdin = process.getOutputStream();
  }

  /**
   * What a server inherits of the hub's environment, as the MCP SDKs' stdio clients do it: these variables only.
   * The hub's environment holds its secrets (the audit key, backend tokens, an OTLP header); a server gets what
   * its backend's {@code env} gives it, and no more.
   */
  static final java.util.Set<String> INHERITED = java.util.Set.of("HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER",
      "LANG", "TMPDIR");

  private static void inheritOnly(Map<String, String> environment) {
    environment.keySet().retainAll(INHERITED);
  }

  /** Starts the process (blocking: call it off the event loop) and its reader threads. */
  static StdioProcess start(String backend, String owner, Vertx vertx, Context context, List<String> command,
      Map<String, String> env, java.nio.file.Path cwd) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    inheritOnly(pb.environment());
    pb.environment().putAll(env);
    if (cwd != null) {
      pb.directory(cwd.toFile());
    }
    StdioProcess p = new StdioProcess(backend, owner, vertx, context, pb.start());
    p.readStdout();
    p.readStderr();
    return p;
  }

  @Override
  long pid() {
    return process.pid();
  }

  @Override
  boolean alive() {
    return process.isAlive() && super.alive();
  }

  /**
   * Kills the process and everything it started (npx → node, shells → their children). Finding the children
   * reads every process's /proc entry, so it is done off the event loop — on a thread of its own, not the worker
   * pool, where writes to a server that stopped reading may be holding every worker — and before the parent dies:
   * orphans are reparented and can no longer be found.
   */
  @Override
  void kill() {
    daemon("stdio-" + backend + "-kill", () -> {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    });
  }

  /**
   * Stops the server as the MCP stdio transport describes: its stdin closed, then SIGTERM if it has not
   * exited within {@value #STOP_GRACE_MILLIS} ms, then SIGKILL after as long again — to it and to what it
   * started (npx and shells start the real server as a child, which a signal to the parent may not reach).
   * Completes once the process has exited. Never blocks the event loop: the waits are timers; finding the
   * children (a scan of /proc) and closing stdin (which waits for a write in progress) run on a thread of their
   * own, and the grace starts once the children are known, whether or not stdin could be closed.
   */
  @Override
  Future<Void> stop() {
    Promise<Void> exited = Promise.promise();
    process.onExit().whenComplete((p, e) -> exited.tryComplete());
    daemon("stdio-" + backend + "-stop", () -> {
      List<ProcessHandle> family = new java.util.ArrayList<>(process.descendants().toList());
      vertx.setTimer(STOP_GRACE_MILLIS, t -> terminate(family));
      try {
        synchronized (stdin) {
          stdin.close();
        }
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "[{0}] closing stdin: {1}", tag(), e.getMessage());
      }
    });
    return exited.future();
  }

  /** After the grace: SIGTERM to the process and its children, SIGKILL after as long again; or the orphans only. */
  private void terminate(List<ProcessHandle> family) {
    daemon("stdio-" + backend + "-term", () -> {
      boolean alive = process.isAlive();
      if (alive) {
        family.addAll(process.descendants().toList());
      }
      family.forEach(ProcessHandle::destroy); // when it exited already: the children it left behind
      if (alive) {
        process.destroy();
        vertx.setTimer(STOP_GRACE_MILLIS, t -> {
          family.forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
        });
      }
    });
  }

  @Override
  protected String endedWhat() {
    return "its process exited";
  }

  @Override
  protected void write(JsonObject message) {
    byte[] line = (message.encode() + "\n").getBytes(StandardCharsets.UTF_8);
    vertx.executeBlocking(() -> {
      synchronized (stdin) {
        stdin.write(line);
        stdin.flush();
      }
      return null;
    }, false).onFailure(e -> LOG.log(System.Logger.Level.DEBUG, "[{0}] write failed: {1}", tag(), e.getMessage()));
  }

  private void readStdout() {
    daemon("stdio-" + backend + "-out", () -> {
      BoundedLines lines = new BoundedLines(process.getInputStream(), BackendPost.MAX_BODY_BYTES, () -> LOG.log(
          System.Logger.Level.WARNING, "[{0}] ignoring a stdout line over {1} bytes (not read into memory)", tag(),
          String.valueOf(BackendPost.MAX_BODY_BYTES)));
      long notJson = 0;
      long[] junk = {0}; // bytes since the last message that were not one (lines not JSON-RPC, or over the limit)
      lines.whileSkipping(n -> {
        junk[0] += n;
        if (junk[0] > MAX_JUNK_BYTES) {
          flooded(junk);
        }
      });
      try {
        for (String line = lines.next(); line != null; line = lines.next()) {
          JsonObject message = null;
          if (!line.isBlank()) {
            try {
              message = new JsonObject(line);
            } catch (DecodeException | ClassCastException e) {
              logNotJson(++notJson, line);
            }
          }
          if (message != null) {
            junk[0] = 0;
            JsonObject received = message;
            onContext(() -> onMessage(received));
          } else if ((junk[0] += line.length() + 1) > MAX_JUNK_BYTES) {
            flooded(junk);
          }
        }
      } catch (IOException e) {
        // the pipe closed: the exit below says why
      }
      int code;
      try {
        code = process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        code = -1;
      }
      int exitCode = code;
      long ignored = notJson;
      onContext(() -> {
        onClosed(exitCode);
        LOG.log(System.Logger.Level.WARNING, "[{0}] process {1} exited with code {2}{3}", tag(),
            String.valueOf(process.pid()), exitCode, ignoredLines(ignored, lines.skipped()));
      });
    });
  }

  /** The server wrote more than {@link #MAX_JUNK_BYTES} without a message: it is stuck. */
  private void flooded(long[] junk) {
    long written = junk[0];
    junk[0] = 0;
    onContext(() -> stuck("it wrote " + written / (1024 * 1024) + " MiB to stdout without a message"));
  }

  private static String ignoredLines(long notJson, long tooLong) {
    return notJson + tooLong == 0 ? "" : " (it wrote " + notJson + " stdout lines that were not JSON-RPC and "
        + tooLong + " over " + BackendPost.MAX_BODY_BYTES + " bytes, all ignored)";
  }

  /** The first few lines that are not JSON-RPC are logged; a server that keeps writing them is not echoed. */
  private void logNotJson(long count, String line) {
    if (count <= LOGGED_NOT_JSON) {
      LOG.log(System.Logger.Level.WARNING, "[{0}] ignoring a stdout line that is not JSON-RPC{1}: {2}", tag(),
          count == LOGGED_NOT_JSON ? " (further ones are counted, not logged)" : "",
          line.length() > MAX_LOGGED_LINE ? line.substring(0, MAX_LOGGED_LINE) + "…" : line);
    }
  }

  private void readStderr() {
    daemon("stdio-" + backend + "-err", () -> {
      BoundedLines lines = new BoundedLines(process.getErrorStream(), MAX_STDERR_LINE, () -> LOG.log(
          System.Logger.Level.INFO, "[{0}] (a stderr line over {1} bytes, not logged)", tag(),
          String.valueOf(MAX_STDERR_LINE)));
      try {
        for (String line = lines.next(); line != null; line = lines.next()) {
          LOG.log(System.Logger.Level.INFO, "[{0}] {1}", tag(), line);
        }
      } catch (IOException e) {
        // closed with the process
      }
    });
  }

  private static void daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
  }
}
