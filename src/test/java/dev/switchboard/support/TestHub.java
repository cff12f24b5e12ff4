package dev.switchboard.support;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.HubConfig;
import dev.switchboard.hub.Hub;
import dev.switchboard.metrics.HubMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real hub on a free loopback port, configured from YAML text; close it to stop it. Closing fails the
 * test when Vert.x saw one of the hub's event loops blocked meanwhile: the event loop never blocks.
 */
public final class TestHub implements AutoCloseable {
  public static final String DEMO_ONLY = """
      listen: {host: 127.0.0.1, port: 0}
      sessions: {idleTimeout: 2s, replayWindow: 64}
      backends:
        - {name: demo, type: builtin}
      """;

  private final Vertx vertx;
  private final Hub hub;
  private final int port;
  private final List<String> blockedLoops = new CopyOnWriteArrayList<>();

  private TestHub(String yaml) throws Exception {
    HubConfig config = new ConfigLoader().parse(yaml, "test config");
    HubMetrics metrics = new HubMetrics(config.admin());
    vertx = metrics.newVertx(); // as the real hub: Vert.x' own meters in the same registry
    ((VertxInternal) vertx).blockedThreadChecker().setThreadBlockedHandler(event -> {
      if (event.thread().getName().startsWith("vert.x-eventloop")) {
        blockedLoops.add(event.thread().getName() + " blocked for " + event.duration() / 1_000_000 + " ms");
      }
    });
    hub = new Hub(vertx, config, metrics);
    port = hub.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  public static TestHub start(String yaml) throws Exception {
    return new TestHub(yaml);
  }

  /** A hub started from a file it watches (polled every 200 ms), as `serve --config FILE` does. */
  public static TestHub watching(java.nio.file.Path file) throws Exception {
    TestHub hub = new TestHub(java.nio.file.Files.readString(file));
    new dev.switchboard.hub.ConfigWatcher(hub.vertx, file, hub.hub, 200).start();
    return hub;
  }

  public static TestHub demo() throws Exception {
    return new TestHub(DEMO_ONLY);
  }

  public int port() {
    return port;
  }

  public String url() {
    return "http://127.0.0.1:" + port + "/mcp";
  }

  public Hub hub() {
    return hub;
  }

  @Override
  public void close() throws Exception {
    try {
      hub.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } finally {
      // Not chained onto stop(): closing Vert.x from one of its own event loops never completes.
      vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
    if (!blockedLoops.isEmpty()) {
      throw new AssertionError("the hub blocked its event loop: " + blockedLoops);
    }
  }
}
