package dev.switchboard.identity;

import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * tailscaled's LocalAPI over its unix socket: {@code GET /localapi/v0/whois?addr=ip:port} with
 * {@code Host: local-tailscaled.sock} and no Origin/Referer (the LocalAPI refuses requests carrying them).
 * An unknown peer (404) is refused; an unreachable or failing tailscaled fails closed.
 */
public final class LocalApiClient {
  private static final System.Logger LOG = System.getLogger(LocalApiClient.class.getName());
  private static final String HOST = "local-tailscaled.sock";
  /**
   * The largest WhoIs answer read: a real one is a few KB (a node, a profile, the caller's grants); a larger
   * one would be parsed on the event loop, which a 50 MB answer held for five seconds.
   */
  static final int MAX_ANSWER_BYTES = 1024 * 1024;
  private final Vertx vertx;
  private final HttpClient client;
  private final SocketAddress socket;
  private final long timeoutMillis;
  /** Whether tailscaled answered last time it was asked, since when, and why not: read by readiness. */
  private volatile boolean reachable = true;
  private volatile java.util.function.Consumer<Boolean> availability = ok -> { };
  private volatile long changedAtMillis = System.currentTimeMillis();
  private volatile String lastError;
  private long probeTimer = -1;

  public LocalApiClient(Vertx vertx, String socketPath, long timeoutMillis) {
    this.vertx = vertx;
    // One short connection per WhoIs: it is asked once per client connection, so pooling buys little, and
    // a fresh connection cannot be one tailscaled is closing for idleness.
    this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) timeoutMillis)
        .setKeepAlive(false));
    this.socket = SocketAddress.domainSocketAddress(socketPath);
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * Asks tailscaled every {@code periodMillis} whether it answers, callers or none (a WhoIs for an address
   * no peer has: "not a peer" is an answer), so readiness tells the truth before the next caller finds out.
   */
  public void probeEvery(long periodMillis) {
    // The first at once: readiness must not say "ready" for a whole period after start with tailscaled gone.
    probeTimer = vertx.setPeriodic(1, periodMillis, t -> whois("127.0.0.1:0"));
  }

  /** Null while tailscaled answers; otherwise why not, and since when (epoch ms), for /readyz. */
  public String unavailable() {
    return reachable ? null : "tailscaled unreachable since " + java.time.Instant.ofEpochMilli(changedAtMillis)
        + ": " + lastError;
  }

  public Future<JsonObject> whois(String peer) {
    RequestOptions o = new RequestOptions().setServer(socket).setMethod(HttpMethod.GET).setHost(HOST).setPort(80)
        .setURI("/localapi/v0/whois?addr=" + URLEncoder.encode(peer, StandardCharsets.UTF_8))
        .setIdleTimeout(timeoutMillis).setTimeout(timeoutMillis);
    Promise<JsonObject> answer = Promise.promise();
    // Our own deadline on top of the client's: whatever happens underneath, the caller hears within it.
    long timer = vertx.setTimer(timeoutMillis, t -> answer.tryFail(unavailable("no answer within " + timeoutMillis + " ms")));
    ask(o, peer).onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        answer.tryComplete(ar.result());
      } else {
        answer.tryFail(ar.cause());
      }
    });
    // Readiness hears what the caller heard: a late answer after our deadline does not overrule it.
    return answer.future().onComplete(ar -> seen(
        ar.succeeded() || ar.cause() instanceof McpError e && e.kind() != ErrorKind.IDENTITY_UNAVAILABLE,
        ar.failed() ? ar.cause().getMessage() : null));
  }

  /** Who hears that tailscaled stopped or started answering (readiness changes are counted). */
  public void onAvailability(java.util.function.Consumer<Boolean> listener) {
    this.availability = listener;
  }

  /** Records whether tailscaled answered; a change is logged once each way. */
  private synchronized void seen(boolean answered, String error) {
    if (!answered) {
      lastError = error;
    }
    if (answered != reachable) {
      reachable = answered;
      changedAtMillis = System.currentTimeMillis();
      availability.accept(answered);
      if (answered) {
        LOG.log(System.Logger.Level.INFO, "tailscaled answers again: callers can be identified");
      } else {
        LOG.log(System.Logger.Level.ERROR, "tailscaled does not answer ({0}): every request is refused (503) "
            + "until it does; /readyz says not ready", error);
      }
    }
  }

  private Future<JsonObject> ask(RequestOptions o, String peer) {
    return client.request(o).compose(r -> r.send()).compose(resp -> bounded(resp).map(body -> {
      if (resp.statusCode() == 200) {
        return body.toJsonObject();
      }
      if (resp.statusCode() == 404) {
        throw new McpError(ErrorKind.IDENTITY_REFUSED, "Forbidden: " + peer + " is not a peer on this tailnet");
      }
      throw unavailable("tailscaled answered HTTP " + resp.statusCode());
    })).recover(e -> Future.failedFuture(e instanceof McpError m ? m : unavailable(String.valueOf(e.getMessage()))));
  }

  /** The answer's body, or a failure as soon as it grows past {@link #MAX_ANSWER_BYTES}. */
  private static Future<Buffer> bounded(HttpClientResponse resp) {
    Promise<Buffer> whole = Promise.promise();
    Buffer body = Buffer.buffer();
    resp.exceptionHandler(whole::tryFail);
    resp.handler(chunk -> {
      if (body.length() + chunk.length() > MAX_ANSWER_BYTES) {
        if (whole.tryFail(unavailable("its answer is larger than " + MAX_ANSWER_BYTES + " bytes"))) {
          resp.request().reset();
        }
      } else {
        body.appendBuffer(chunk);
      }
    });
    resp.endHandler(v -> whole.tryComplete(body));
    return whole.future();
  }

  public Future<Void> close() {
    vertx.cancelTimer(probeTimer);
    return client.close();
  }

  private static McpError unavailable(String why) {
    return new McpError(ErrorKind.IDENTITY_UNAVAILABLE,
        "Service Unavailable: cannot establish who is calling (tailscaled: " + why + "); refusing the request");
  }
}
