package dev.switchboard.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A real redis-server (Debian's package) on a loopback port, without persistence; kill it to test outages. */
public final class RedisServer implements AutoCloseable {
  private final int port;
  private Process process;

  private RedisServer(int port) {
    this.port = port;
  }

  public static RedisServer start() throws Exception {
    RedisServer r = new RedisServer(NodePeer.freePort());
    r.launch();
    return r;
  }

  /** Starts (again) on the same port. */
  public void launch() throws Exception {
    process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--protected-mode", "yes").redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    boolean ready = CompletableFuture.supplyAsync(() -> {
      try {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.contains("Ready to accept connections")) {
            return true;
          }
        }
      } catch (IOException e) {
        return false;
      }
      return false;
    }).get(30, TimeUnit.SECONDS);
    if (!ready) {
      throw new IllegalStateException("redis-server did not start on port " + port);
    }
    CompletableFuture.runAsync(() -> out.lines().forEach(l -> { }));
  }

  /** SIGKILL: what a crashed or partitioned Redis looks like to the hub. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      kill();
    }
  }
}
