package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.TestHub;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A legacy HTTP+SSE server whose {@code endpoint} event names another origin: the hub must not send it
 * anything there (its messages carry the backend's configured headers, here a bearer token). Both
 * servers are real HTTP on loopback (127.0.0.1 and 127.0.0.2); the first speaks just enough SSE to
 * name the endpoint.
 */
@Timeout(300) // a hang fails the test instead of the whole build
class SseEndpointOriginIT {
  @Test
  void anEndpointOnAnotherOriginIsRefusedAndNothingIsSentThere() throws Exception {
    Vertx vertx = Vertx.vertx();
    AtomicInteger reachedElsewhere = new AtomicInteger();
    try {
      HttpServer elsewhere = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.2").setPort(0))
          .requestHandler(req -> {
            reachedElsewhere.incrementAndGet();
            req.response().setStatusCode(202).end();
          }).listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      String endpoint = "http://127.0.0.2:" + elsewhere.actualPort() + "/messages";
      HttpServer sse = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
          .requestHandler(req -> req.response().setChunked(true).putHeader("Content-Type", "text/event-stream")
              .write("event: endpoint\ndata: " + endpoint + "\n\n"))
          .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      try (TestHub hub = TestHub.start("""
          listen: {host: 127.0.0.1, port: 0}
          backends:
            - {name: demo, type: builtin}
            - name: redirecting
              type: sse
              url: "http://127.0.0.1:%d/sse"
              headers: {Authorization: "Bearer not-for-anyone-else"}
              timeout: 2s
          """.formatted(sse.actualPort()))) {
        assertThat(hub.hub().catalogs().unavailable()).containsExactly("redirecting");
        Thread.sleep(500); // anything sent after the connect attempt would have arrived by now
        assertThat(reachedElsewhere.get()).isZero();
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
