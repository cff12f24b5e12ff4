package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.backend.BackendPool;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.HubConfig;
import io.vertx.core.Vertx;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Patterns that name nothing the backends offer are found, with where they are written. */
class UnmatchedPatternsTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void aTypoInARuleOrAToolLimitIsNamedAndAPatternThatMatchesIsNot() throws Exception {
    HubConfig config = new ConfigLoader().parse("""
        backends:
          - {name: demo, type: builtin}
          - {name: other, type: builtin}
        policy:
          rules:
            - users: ["*"]
              allow: {tools: ["demo__*", "dmeo__echo"], prompts: ["*greeting"]}
              deny: {prompts: ["other__nothing"]}
        limits:
          tools: [{tool: "other__ech*", perMinute: 10}, {tool: "other__eco", perMinute: 10}]
        """, "test.yaml");
    BackendPool pool = new BackendPool(vertx, config.backends());
    CatalogService catalogs = new CatalogService(vertx, pool, config.routing());
    catalogs.start().toCompletionStage().toCompletableFuture().get();

    List<String> unmatched = UnmatchedPatterns.in(config, catalogs.current());

    assertThat(unmatched).containsExactly(
        "policy.rules[0].allow.tools: 'dmeo__echo' matches no tool the backends offer",
        "policy.rules[0].deny.prompts: 'other__nothing' matches no prompt the backends offer",
        "limits.tools[1].tool: 'other__eco' matches no tool the backends offer");
    catalogs.stop();
    pool.close().await();
  }

  @Test
  void theWarningIsLoggedOnceWhenEveryBackendIsUpAndAgainAfterAReload() throws Exception {
    HubConfig config = new ConfigLoader().parse("""
        backends: [{name: demo, type: builtin}, {name: other, type: builtin}]
        policy: {rules: [{users: ["*"], allow: {tools: ["dmeo__echo"]}}]}
        """, "test.yaml");
    ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
        UnmatchedPatterns.class.getName());
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
        new ch.qos.logback.core.read.ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    BackendPool pool = new BackendPool(vertx, config.backends());
    CatalogService catalogs = new CatalogService(vertx, pool, config.routing());
    try {
      Runnable afterReload = UnmatchedPatterns.watch(() -> config, catalogs);
      catalogs.start().toCompletionStage().toCompletableFuture().get();
      assertThat(logged.list).extracting(e -> e.getFormattedMessage()).containsExactly(
          "Config: policy.rules[0].allow.tools: 'dmeo__echo' matches no tool the backends offer"); // not once per backend

      afterReload.run();
      assertThat(logged.list).hasSize(2);
    } finally {
      logger.detachAppender(logged);
      catalogs.stop();
      pool.close().await();
    }
  }
}
