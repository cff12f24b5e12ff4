package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.support.McpHttp;
import dev.switchboard.support.RedisServer;
import dev.switchboard.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Several hub instances sharing a user's limits through a real redis-server, and what happens when it dies. */
@Timeout(300) // a hang fails the test instead of the whole build
class DistributedLimitsIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static String config(RedisServer redis, String onFailure) {
    return """
        listen: {host: 127.0.0.1, port: 0}
        admin: {port: 0}
        identity: {mode: serve-headers, trustedProxies: [127.0.0.1]}
        policy: {rules: [{users: ["*"], allow: {tools: ["*"]}}]}
        limits:
          user: {perMinute: 6, burst: 3}
          store: redis
          redis: {url: "%s", timeout: 300ms, onFailure: %s}
        backends:
          - {name: demo, type: builtin}
        """.formatted(redis.url(), onFailure);
  }

  private static McpHttp.Reply echo(TestHub hub, String user) throws Exception {
    Map<String, String> headers = new HashMap<>(McpHttp.modernHeaders("tools/call", "echo"));
    headers.put("Tailscale-User-Login", user);
    return new McpHttp(hub.url()).post(McpHttp.modernRequest("tools/call", new JsonObject().put("name", "echo")
        .put("arguments", new JsonObject().put("message", "m"))).encode(), headers);
  }

  private static JsonObject readyz(TestHub hub) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.hub().adminPort()
        + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
    return new JsonObject(r.body()).put("httpStatus", r.statusCode());
  }

  @Test
  void aUserAtTheLimitOnOneInstanceIsLimitedOnTheOtherWhileOthersAreNot() throws Exception {
    try (RedisServer redis = RedisServer.start();
         TestHub a = TestHub.start(config(redis, "local"));
         TestHub b = TestHub.start(config(redis, "local"))) {
      assertThat(echo(a, "alice@example.com").status()).isEqualTo(200);
      assertThat(echo(b, "alice@example.com").status()).isEqualTo(200);
      assertThat(echo(a, "alice@example.com").status()).isEqualTo(200);
      McpHttp.Reply limited = echo(b, "alice@example.com"); // burst 3 used up across both instances
      assertThat(limited.status()).isEqualTo(429);
      assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 11L);
      JsonObject error = limited.json().getJsonObject("error");
      assertThat(error.getString("message")).startsWith("Rate limit exceeded (user: 6.0/min)");
      assertThat(error.getJsonObject("data").getString("limit")).isEqualTo("user");
      assertThat(error.getJsonObject("data").getLong("retryAfterMs")).isBetween(1L, 10_000L);
      assertThat(echo(a, "alice@example.com").status()).isEqualTo(429);
      assertThat(echo(b, "bob@example.com").status()).isEqualTo(200); // another user is unaffected
      assertThat(readyz(a).getString("rateLimits")).isEqualTo("shared (redis)");
    }
  }

  @Test
  void redisKilledMidRunFallsBackToLocalLimitsAndSharingResumesWhenItIsBack() throws Exception {
    try (RedisServer redis = RedisServer.start(); TestHub hub = TestHub.start(config(redis, "local"))) {
      assertThat(echo(hub, "carol@example.com").status()).isEqualTo(200);
      redis.kill();
      // This instance's share of the burst of 3 (one of two instances by default): one call, then limited.
      assertThat(echo(hub, "carol@example.com").status()).isEqualTo(200);
      assertThat(echo(hub, "carol@example.com").status()).isEqualTo(429);
      JsonObject ready = readyz(hub);
      assertThat(ready.getInteger("httpStatus")).isEqualTo(200);
      assertThat(ready.getString("rateLimits")).startsWith("local fallback: redis unreachable")
          .containsPattern("\\(since 20\\d\\d-\\d\\d-\\d\\dT"); // readiness says since when
      assertThat(scrape(hub)).contains("switchboard_ratelimit_redis_up 0.0");

      redis.launch();
      await().atMost(Duration.ofSeconds(15)).until(() -> "shared (redis)".equals(readyz(hub).getString("rateLimits")));
      assertThat(scrape(hub)).contains(
          "switchboard_readiness_changes_total{condition=\"redis\",to=\"unavailable\"} 1.0",
          "switchboard_readiness_changes_total{condition=\"redis\",to=\"available\"} 1.0");
    }
  }

  /** Two hubs without Redis admit together no more than the shared limit, not a full burst each. */
  @Test
  void twoInstancesFallingBackTogetherStayWithinTheLimit() throws Exception {
    try (RedisServer redis = RedisServer.start();
         TestHub a = TestHub.start(config(redis, "local"));
         TestHub b = TestHub.start(config(redis, "local"))) {
      redis.kill();
      int admitted = 0;
      for (int i = 0; i < 6; i++) {
        admitted += echo(i % 2 == 0 ? a : b, "frank@example.com").status() == 200 ? 1 : 0;
      }
      assertThat(admitted).isBetween(1, 3); // the burst is 3; a full local burst each let 6 through
    }
  }

  @Test
  void failingClosedRefusesCallsWhileRedisIsUnreachable() throws Exception {
    try (RedisServer redis = RedisServer.start(); TestHub hub = TestHub.start(config(redis, "closed"))) {
      assertThat(echo(hub, "erin@example.com").status()).isEqualTo(200);
      redis.kill();
      McpHttp.Reply refused = echo(hub, "erin@example.com");
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.json().getJsonObject("error").getString("message"))
          .startsWith("Rate limits cannot be checked: Redis at " + redis.url() + " is unreachable");
      assertThat(readyz(hub).getInteger("httpStatus")).isEqualTo(503);

      // No call arrives (a balancer waiting for readiness sends none): the hub finds Redis on its own.
      redis.launch();
      await().atMost(Duration.ofSeconds(15)).until(() -> readyz(hub).getInteger("httpStatus") == 200);
      assertThat(echo(hub, "erin@example.com").status()).isEqualTo(200);
    }
  }

  /**
   * A reload that changes the limits replaces the shared limiter: readiness must read the new one. It read the
   * one the hub started with, closed by the reload, which stopped noticing Redis and said ready forever.
   */
  @Test
  void readinessFollowsTheLimiterAReloadPutInPlace(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    try (RedisServer redis = RedisServer.start()) {
      java.nio.file.Path file = dir.resolve("switchboard.yaml");
      java.nio.file.Files.writeString(file, config(redis, "closed"));
      try (TestHub hub = TestHub.watching(file)) {
        java.nio.file.Files.writeString(file, config(redis, "closed").replace("perMinute: 6", "perMinute: 60"));
        await().atMost(Duration.ofSeconds(10)).until(() -> scrape(hub).contains(
            "switchboard_config_reloads_total{result=\"applied\"} 1.0"));

        redis.kill();
        assertThat(echo(hub, "grace@example.com").status()).isEqualTo(503); // the limiter in use finds Redis gone

        await().atMost(Duration.ofSeconds(15)).until(() -> readyz(hub).getInteger("httpStatus") == 503);
        assertThat(readyz(hub).getString("rateLimits")).startsWith("refusing calls: redis unreachable");
      }
    }
  }

  private static String scrape(TestHub hub) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.hub().adminPort() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }
}
