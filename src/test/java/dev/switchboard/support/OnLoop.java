package dev.switchboard.support;

import dev.switchboard.identity.Caller;
import dev.switchboard.protocol.McpError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Unit tests of the hub's parts as the hub runs them: on an event loop, waited for from the test's thread. */
public final class OnLoop {
  private OnLoop() {}

  /** Runs the action on an event loop and waits (10 s at most) for its outcome; a throw is a failure. */
  public static <T> T run(Vertx vertx, Supplier<Future<T>> action) throws Exception {
    CompletableFuture<T> done = new CompletableFuture<>();
    vertx.runOnContext(v -> {
      try {
        action.get().onSuccess(done::complete).onFailure(done::completeExceptionally);
      } catch (RuntimeException e) { // stages may refuse by throwing; the pipeline turns that into a failure
        done.completeExceptionally(e);
      }
    });
    return done.get(10, TimeUnit.SECONDS);
  }

  /** The error the action ends with; a test fails when it succeeds. */
  public static <T> McpError failure(Vertx vertx, Supplier<Future<T>> action) throws Exception {
    return failure(() -> run(vertx, action));
  }

  /** Waits (10 s at most) for a future completed on any thread. */
  public static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** The error the future ends with; a test fails when it succeeds. */
  public static McpError failure(Future<?> f) throws Exception {
    return failure(() -> await(f));
  }

  /** A caller as the tailnet would name a user: login, no tags, no grants. */
  public static Caller user(String login) {
    return new Caller(login, login, "node", List.of(), List.of(), Map.of(), "127.0.0.1:1", "test");
  }

  private interface Outcome {
    Object get() throws Exception;
  }

  private static McpError failure(Outcome outcome) throws Exception {
    try {
      Object unexpected = outcome.get();
      throw new AssertionError("expected a failure, got " + unexpected);
    } catch (ExecutionException e) {
      return McpError.of(e.getCause());
    }
  }
}
