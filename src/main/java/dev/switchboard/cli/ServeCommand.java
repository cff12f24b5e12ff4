package dev.switchboard.cli;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.HubConfig;
import dev.switchboard.hub.Hub;
import dev.switchboard.metrics.HubMetrics;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code switchboard serve}: runs the hub until SIGTERM / Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the hub.")
final class ServeCommand implements Callable<Integer> {
  private static volatile boolean serving;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "YAML config (default: the embedded conf/switchboard.yaml)")
  Path config;

  @Option(names = "--port", description = "Override listen.port (0 picks a free port)")
  Integer port;

  @Option(names = "--admin-port", description = "Override admin.port, the operators' listener (0 picks a free port)")
  Integer adminPort;

  @Option(names = "--log-format", description = "Override logging.format: text or json (one JSON object per line)")
  String logFormat;

  @Option(names = "--log-level", description = "Override logging.level: TRACE, DEBUG, INFO, WARN, ERROR or OFF")
  String logLevel;

  static boolean isServing() {
    return serving;
  }

  @Override
  public Integer call() throws Exception {
    HubConfig cfg;
    try {
      cfg = ConfigSource.load(config);
    } catch (ConfigException e) {
      System.err.println("switchboard: " + e.getMessage());
      return 2;
    }
    if (port != null) {
      cfg = new HubConfig(new dev.switchboard.config.ListenConfig(cfg.listen().host(), port, cfg.listen().path(),
          cfg.listen().allowedOrigins(), cfg.listen().allowedHosts(), cfg.listen().maxBodyBytes(),
          cfg.listen().requestTimeout()), cfg.admin(), cfg.identity(), cfg.policy(), cfg.limits(), cfg.sessions(), cfg.routing(), cfg.audit(),
          cfg.backends(), cfg.logging(), cfg.tracing());
    }
    if (adminPort != null) {
      cfg = new HubConfig(cfg.listen(), new dev.switchboard.config.AdminConfig(cfg.admin().enabled(),
          cfg.admin().host(), adminPort, cfg.admin().userLabels(), cfg.admin().latencyBuckets(),
          cfg.admin().toolHistograms()), cfg.identity(), cfg.policy(), cfg.limits(),
          cfg.sessions(), cfg.routing(), cfg.audit(), cfg.backends(), cfg.logging(), cfg.tracing());
    }
    dev.switchboard.config.LoggingConfig logging = new dev.switchboard.config.LoggingConfig(
        logFormat != null ? logFormat : cfg.logging().format(), logLevel != null ? logLevel : cfg.logging().level(),
        cfg.logging().access());
    if (!java.util.Set.of("text", "json").contains(logging.format())) {
      System.err.println("switchboard: --log-format: '" + logging.format() + "' is not text or json");
      return 2;
    }
    Logging.apply(logging);
    HubMetrics metrics = new HubMetrics(cfg.admin());
    Vertx vertx = metrics.newVertx();
    Hub hub;
    try {
      hub = new Hub(vertx, cfg, metrics);
    } catch (ConfigException e) {
      System.err.println("switchboard: " + e.getMessage());
      vertx.close();
      return 2;
    }
    dev.switchboard.hub.ConfigWatcher watcher = config == null ? null
        : new dev.switchboard.hub.ConfigWatcher(vertx, config, hub, 2_000);
    if (watcher != null) {
      watcher.handleSignals(); // before "listening" is logged: a SIGHUP from then on reloads, never kills
    }
    try {
      hub.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("switchboard: cannot start: " + (e.getCause() != null ? e.getCause().getMessage() : e));
      vertx.close();
      return 1;
    }
    if (watcher != null) {
      watcher.start();
    }
    serving = true;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        hub.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("switchboard: unclean stop: " + e);
      }
      stopped.countDown();
    }, "switchboard-shutdown"));
    return 0;
  }
}
