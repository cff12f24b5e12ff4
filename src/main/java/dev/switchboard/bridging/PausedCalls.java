package dev.switchboard.bridging;

import dev.switchboard.pipeline.Exchange;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A 2026-07-28 client cannot be sent a request in the middle of its call; it answers {@code input_required}
 * results by retrying. When a 2025-era backend asks for input while serving such a client, the backend
 * call is kept open here, the client gets {@code input_required} with the backend's request and a
 * {@code requestState} token (HMAC, bound to the user and backend: the router seals it), and the
 * retry carries the answer back to the waiting backend — then the retry is answered with whatever the
 * backend does next: its result, or another request. A call nobody resumes is cancelled after the TTL.
 */
final class PausedCalls {
  static final String PREFIX = "switchboard-pause:";
  /**
   * A paused call holds its backend call, and with it a backend connection, open. A user's calls beyond
   * this many waiting at once end their oldest: a client that abandons input requests cannot hold more.
   */
  static final int MAX_WAITING_PER_USER = 8;
  private static final AtomicLong IDS = new AtomicLong();
  private final Vertx vertx;
  private final long ttlMillis;
  private final Map<String, Paused> paused = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> waitingByBackend = new ConcurrentHashMap<>();

  PausedCalls(Vertx vertx, long ttlMillis) {
    this.vertx = vertx;
    this.ttlMillis = ttlMillis;
  }

  /** One backend call that may pause; the current exchange is the one waiting for its next step. */
  public final class Paused {
    private String id; // given when the call first pauses: most calls never do
    private final String owner;
    private final String backend;
    private long pausedAt; // a sequence number: which of a user's waiting calls is the oldest
    private final Promise<Void> cancel = Promise.promise();
    private volatile Exchange current;
    /** The way back to the loop of the exchange waiting now: the backend answers on its own thread. */
    private volatile Homeward home;
    private Promise<JsonObject> step = Promise.promise();
    private String askedKey;
    private Promise<JsonObject> asked;
    private long expiry = -1;

    public Paused(Exchange ex) {
      this.owner = ex.caller().principal();
      this.backend = ex.target().backend();
      follow(ex);
    }

    /** The backend call's cancellation: the waiting client went away, or nobody came back in time. */
    public Future<Void> cancelled() {
      return cancel.future();
    }

    public void notify(JsonObject notification) {
      Exchange waiting = current;
      home.run(() -> waiting.notify(notification));
    }

    /** The backend asked for input: answer the current exchange with input_required, wait for the retry. */
    public Future<JsonObject> ask(JsonObject request) {
      endOldestBeyond(MAX_WAITING_PER_USER - 1, owner); // outside this call's lock: it takes others'
      return askNow(request);
    }

    private synchronized Future<JsonObject> askNow(JsonObject request) {
      if ("roots/list".equals(request.getString("method"))) {
        return Future.succeededFuture(new JsonObject().put("result",
            new JsonObject().put("roots", new io.vertx.core.json.JsonArray()))); // never worth a pause
      }
      if (asked != null) {
        return Future.failedFuture(new McpError(ErrorKind.METHOD_NOT_FOUND,
            "One request at a time: the client has not answered the previous one yet"));
      }
      if (id == null) {
        id = Long.toString(IDS.incrementAndGet());
      }
      askedKey = "switchboard-" + IDS.incrementAndGet();
      asked = Promise.promise();
      hold();
      expiry = vertx.setTimer(ttlMillis, t -> expire("The client did not answer within " + ttlMillis + " ms"));
      JsonObject inputRequest = new JsonObject().put("method", request.getString("method"))
          .put("params", request.getJsonObject("params", new JsonObject()));
      JsonObject inputRequired = new JsonObject().put("resultType", "input_required")
          .put("inputRequests", new JsonObject().put(askedKey, inputRequest))
          .put("requestState", PREFIX + id); // sealed into a caller-bound token by the router
      Promise<JsonObject> waiting = step;
      home.run(() -> waiting.tryComplete(inputRequired));
      return asked.future();
    }

    /** The client's retry: its answer goes to the backend; the retry waits for the backend's next step. */
    public synchronized Future<JsonObject> resume(Exchange ex, JsonObject inputResponses) {
      vertx.cancelTimer(expiry);
      release();
      step = Promise.promise();
      follow(ex);
      Promise<JsonObject> waiting = asked;
      asked = null;
      Object answer = inputResponses == null ? null : inputResponses.getValue(askedKey);
      if (waiting != null) {
        waiting.tryComplete(answer instanceof JsonObject a ? new JsonObject().put("result", a) : new JsonObject()
            .put("error", new JsonObject().put("code", -32602).put("message", answer == null
                ? "The client's retry carried no answer" : "The client's answer is not an object")));
      }
      return step.future();
    }

    /** Feeds the backend's outcome to whichever exchange is waiting when it arrives. */
    public Future<JsonObject> first(Future<JsonObject> backendResult) {
      backendResult.onComplete(ar -> {
        Promise<JsonObject> waiting;
        Homeward way;
        synchronized (this) {
          waiting = step;
          way = home;
        }
        way.run(() -> { // the step may be answered already (input_required): a late outcome is no one's
          if (ar.succeeded()) {
            waiting.tryComplete(ar.result());
          } else {
            waiting.tryFail(ar.cause());
          }
        });
      });
      return step.future();
    }

    private void follow(Exchange ex) {
      current = ex;
      home = Homeward.here(); // called on the exchange's loop: its constructor, or its retry's resume
      Promise<JsonObject> mine = step;
      ex.cancelled().onComplete(v -> {
        if (!mine.future().isComplete()) {
          cancel.tryComplete(); // the client gave up while we were still working for it
        }
      });
    }

    private synchronized void expire(String why) {
      if (release()) {
        vertx.cancelTimer(expiry);
        cancel.tryComplete();
        if (asked != null) {
          asked.tryFail(new McpError(ErrorKind.CANCELLED, why));
        }
      }
    }

    private void hold() {
      pausedAt = IDS.incrementAndGet();
      paused.put(id, this);
      waitingByBackend.computeIfAbsent(backend, b -> new AtomicInteger()).incrementAndGet();
    }

    /** True when this call was waiting (and now is not). */
    private boolean release() {
      if (paused.remove(id, this)) {
        waitingByBackend.get(backend).decrementAndGet();
        return true;
      }
      return false;
    }
  }

  /** Ends a user's oldest waiting calls until at most {@code keep} are left. */
  private void endOldestBeyond(int keep, String owner) {
    List<Paused> theirs = paused.values().stream().filter(p -> p.owner.equals(owner))
        .sorted(Comparator.comparingLong(p -> p.pausedAt)).toList();
    for (int i = 0; i < theirs.size() - keep; i++) {
      theirs.get(i).expire("Ended unanswered: the user has " + MAX_WAITING_PER_USER
          + " newer calls waiting for input");
    }
  }

  /** Calls to {@code backend} waiting for a client's input: each still holds a backend call open. */
  public int waitingFor(String backend) {
    AtomicInteger n = waitingByBackend.get(backend);
    return n == null ? 0 : n.get();
  }

  public Paused begin(Exchange ex) {
    return new Paused(ex);
  }

  /**
   * The paused call a retry's (already verified) state names, or an error a client can act on. The caller
   * must be the one the call was paused for: a state a backend made up cannot reach another user's call.
   */
  public Paused get(String state, dev.switchboard.identity.Caller caller) {
    Paused p = paused.get(state.substring(PREFIX.length()));
    if (p != null && !p.current.caller().principal().equals(caller.principal())) {
      p = null;
    }
    if (p == null) {
      throw new McpError(ErrorKind.REQUEST_STATE_NOT_FOUND, "The paused call this requestState belongs to is gone"
          + " (answered already, or expired); start the call again");
    }
    return p;
  }

  public static boolean isPause(String state) {
    return state != null && state.startsWith(PREFIX);
  }
}
