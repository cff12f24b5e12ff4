package dev.switchboard.backend;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
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
  private final Process process;
  private final OutputStream stdin;

  private StdioProcess(String backend, String owner, Vertx vertx, Context context, Process process) {
    super(backend, owner, vertx, context);
    this.process = process;
    this.stdin = process.getOutputStream();
  }

  /** Starts the process (blocking: call it off the event loop) and its reader threads. */
  static StdioProcess start(String backend, String owner, Vertx vertx, Context context, List<String> command,
      Map<String, String> env, java.nio.file.Path cwd) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
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

  /** Kills the process and everything it started (npx → node, shells → their children). */
  @Override
  void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
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
      try (BufferedReader r = reader(process.getInputStream())) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.isBlank()) {
            continue;
          }
          JsonObject message;
          try {
            message = new JsonObject(line);
          } catch (DecodeException | ClassCastException e) {
            LOG.log(System.Logger.Level.WARNING, "[{0}] ignoring a stdout line that is not JSON-RPC: {1}", tag(),
                line.length() > MAX_LOGGED_LINE ? line.substring(0, MAX_LOGGED_LINE) + "…" : line);
            continue;
          }
          onContext(() -> onMessage(message));
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
      onContext(() -> {
        onClosed(exitCode);
        LOG.log(System.Logger.Level.WARNING, "[{0}] process {1} exited with code {2}", tag(),
            String.valueOf(process.pid()), exitCode);
      });
    });
  }

  private void readStderr() {
    daemon("stdio-" + backend + "-err", () -> {
      try (BufferedReader r = reader(process.getErrorStream())) {
        String line;
        while ((line = r.readLine()) != null) {
          LOG.log(System.Logger.Level.INFO, "[{0}] {1}", tag(), line);
        }
      } catch (IOException e) {
        // closed with the process
      }
    });
  }

  private static BufferedReader reader(InputStream in) {
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  private static void daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
  }
}
