package dev.switchboard.backend;

import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.JsonRpc;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.McpNames;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One running stdio MCP server: newline-delimited JSON-RPC on its stdin and stdout. Two threads read
 * (stdout for messages, stderr into the hub's log tagged with the backend); writes go through Vert.x'
 * worker pool; everything else happens on the backend's event-loop context. When the process exits, every
 * call still waiting fails at once with an error that names the backend.
 */
final class StdioProcess {
  private static final System.Logger LOG = System.getLogger(StdioProcess.class.getName());
  private static final int MAX_LOGGED_LINE = 500;
  private final String backend;
  private final String owner;
  private final Vertx vertx;
  private final Context context;
  private final Process process;
  private final OutputStream stdin;
  private final Map<Long, Promise<JsonObject>> pending = new ConcurrentHashMap<>();
  private final Map<Object, Consumer<JsonObject>> progress = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final Promise<Integer> exited = Promise.promise();
  private final long startedMillis = System.currentTimeMillis();
  private volatile long lastUsedMillis = startedMillis;

  private StdioProcess(String backend, String owner, Vertx vertx, Context context, Process process) {
    this.backend = backend;
    this.owner = owner;
    this.vertx = vertx;
    this.context = context;
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

  long pid() {
    return process.pid();
  }

  long startedMillis() {
    return startedMillis;
  }

  boolean alive() {
    return process.isAlive() && !exited.future().isComplete();
  }

  /** Completes with the exit code when the process is gone. */
  Future<Integer> exited() {
    return exited.future();
  }

  boolean idle(long nowMillis, long idleMillis) {
    return pending.isEmpty() && nowMillis - lastUsedMillis > idleMillis;
  }

  /**
   * Sends a request and completes with the whole JSON-RPC answer (result or error). Progress
   * notifications carrying the request's {@code progressToken} go to {@code notifications}.
   */
  Future<JsonObject> request(String method, JsonObject params, long timeoutMillis, Future<Void> cancelled,
      Consumer<JsonObject> notifications) {
    long id = ids.incrementAndGet();
    Promise<JsonObject> reply = Promise.promise();
    pending.put(id, reply);
    lastUsedMillis = System.currentTimeMillis();
    Object token = params.getJsonObject(McpNames.META, new JsonObject()).getValue("progressToken");
    if (token != null) {
      progress.put(token, notifications);
    }
    long timer = timeoutMillis > 0 ? vertx.setTimer(timeoutMillis, t -> {
      if (reply.tryFail(new McpError(ErrorKind.BACKEND_TIMEOUT, "Backend '" + backend + "' did not answer "
          + method + " within " + timeoutMillis + " ms"))) {
        sendCancelled(id, "timed out");
      }
    }) : -1;
    cancelled.onComplete(v -> {
      if (reply.tryFail(new McpError(ErrorKind.CANCELLED, "cancelled"))) {
        sendCancelled(id, "cancelled by the client");
      }
    });
    if (!alive()) {
      reply.tryFail(gone());
    } else {
      write(JsonRpc.request(id, method, params));
    }
    return reply.future().andThen(ar -> {
      pending.remove(id);
      if (token != null) {
        progress.remove(token);
      }
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
      lastUsedMillis = System.currentTimeMillis();
    });
  }

  void notify(JsonObject notification) {
    write(notification);
  }

  /** Kills the process and everything it started (npx → node, shells → their children). */
  void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private void sendCancelled(long id, String reason) {
    if (alive()) {
      write(JsonRpc.notification(McpNames.CANCELLED, new JsonObject().put("requestId", id).put("reason", reason)));
    }
  }

  private void write(JsonObject message) {
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
      onContext(() -> onExit(exitCode));
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

  private void onMessage(JsonObject m) {
    String method = m.getString("method");
    if (method == null) {
      Promise<JsonObject> reply = m.getValue("id") instanceof Number n ? pending.get(n.longValue()) : null;
      if (reply != null) {
        reply.tryComplete(m);
      }
      return;
    }
    if (m.containsKey("id")) {
      answerServerRequest(m);
      return;
    }
    if (McpNames.PROGRESS.equals(method)) {
      Consumer<JsonObject> sink = progress.get(m.getJsonObject("params", new JsonObject()).getValue("progressToken"));
      if (sink != null) {
        sink.accept(m);
      }
    }
  }

  /** Requests from the server: ping and roots/list are answered here; others are not relayed yet. */
  private void answerServerRequest(JsonObject m) {
    Object id = m.getValue("id");
    switch (m.getString("method")) {
      case "ping" -> write(JsonRpc.result(id, new JsonObject()));
      case "roots/list" -> write(JsonRpc.result(id, new JsonObject().put("roots", new io.vertx.core.json.JsonArray())));
      default -> write(JsonRpc.error(id, new JsonObject().put("code", -32601).put("message",
          "Switchboard does not relay " + m.getString("method") + " from stdio backends to clients yet")));
    }
  }

  private void onExit(int code) {
    exited.tryComplete(code);
    McpError error = gone();
    pending.values().forEach(p -> p.tryFail(error));
    LOG.log(System.Logger.Level.WARNING, "[{0}] process {1} exited with code {2}", tag(), String.valueOf(process.pid()),
        code);
  }

  private McpError gone() {
    Integer code = exited.future().result();
    return new McpError(ErrorKind.BACKEND_UNAVAILABLE, "Backend '" + backend + "': its process exited"
        + (code != null ? " (code " + code + ")" : "") + " before answering");
  }

  private String tag() {
    return owner.isEmpty() ? backend : backend + " for " + owner;
  }

  /** Hands work to the backend's event loop; after the hub has stopped there is nobody left to tell. */
  private void onContext(Runnable action) {
    try {
      context.runOnContext(v -> action.run());
    } catch (java.util.concurrent.RejectedExecutionException e) {
      exited.tryComplete(-1);
    }
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
