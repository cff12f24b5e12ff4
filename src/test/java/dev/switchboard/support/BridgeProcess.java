package dev.switchboard.support;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** {@code switchboard connect} as a real child process, driven line by line over its stdin and stdout. */
public final class BridgeProcess implements AutoCloseable {
  private final Process process;
  private final OutputStream stdin;
  private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
  private final List<String> stderr = java.util.Collections.synchronizedList(new ArrayList<>());

  private BridgeProcess(Process process) {
    this.process = process;
    this.stdin = process.getOutputStream();
    pump(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), stdout::add);
    pump(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), stderr::add);
  }

  /** The command line an MCP client would configure: the JVM, the classpath, {@code connect URL}. */
  public static List<String> command(String url, String... options) {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        "dev.switchboard.cli.Main", "connect", url));
    cmd.addAll(List.of(options));
    return cmd;
  }

  public static BridgeProcess start(String url, String... options) throws IOException {
    return start(new ProcessBuilder(command(url, options)));
  }

  /** Any stdio-to-HTTP bridge an MCP client would run (mcp-remote, say), spoken to the same way. */
  public static BridgeProcess start(ProcessBuilder bridge) throws IOException {
    return new BridgeProcess(bridge.start());
  }

  public void send(JsonObject message) throws IOException {
    sendRaw(message.encode());
  }

  public void sendRaw(String line) throws IOException {
    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  /** The next line on stdout, which must be a JSON object; fails after the timeout. */
  public JsonObject next(long timeoutMillis) throws InterruptedException {
    String line = stdout.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    if (line == null) {
      throw new AssertionError("no message from the bridge within " + timeoutMillis + " ms; stderr: " + stderr);
    }
    return new JsonObject(line);
  }

  /** The next message that answers {@code id}, skipping notifications and other answers before it. */
  public JsonObject answerTo(Object id, long timeoutMillis) throws InterruptedException {
    return answersTo(timeoutMillis, id).get(id);
  }

  /** The answers to these ids, in whatever order they come (requests in flight together may finish in any). */
  public java.util.Map<Object, JsonObject> answersTo(long timeoutMillis, Object... ids) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    java.util.Set<Object> wanted = java.util.Set.of(ids);
    java.util.Map<Object, JsonObject> answers = new java.util.HashMap<>();
    while (answers.size() < wanted.size()) {
      JsonObject m = next(Math.max(1, deadline - System.currentTimeMillis()));
      if (m.getString("method") == null && wanted.contains(m.getValue("id"))) {
        answers.put(m.getValue("id"), m);
      }
    }
    return answers;
  }

  public void closeStdin() throws IOException {
    stdin.close();
  }

  public Process process() {
    return process;
  }

  public List<String> stderr() {
    return List.copyOf(stderr);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  private static void pump(BufferedReader in, java.util.function.Consumer<String> sink) {
    Thread t = new Thread(() -> {
      try (in) {
        String line;
        while ((line = in.readLine()) != null) {
          sink.accept(line);
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }, "bridge-output");
    t.setDaemon(true);
    t.start();
  }
}
