package dev.switchboard.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for tailscaled, which cannot run here: its LocalAPI over a unix socket, answering
 * {@code GET /localapi/v0/whois?addr=ip:port} with the real {@code WhoIsResponse} JSON for the peer's IP
 * (400 without {@code addr}, 404 for unknown peers, 403 when {@code Origin} or {@code Referer} is sent, as
 * tailscaled does). Different test users are different loopback source addresses.
 */
public final class FakeTailscaled implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final Path socket;
  private final Map<String, JsonObject> byIp = new ConcurrentHashMap<>();
  private final AtomicInteger queries = new AtomicInteger();
  private final Map<String, AtomicInteger> queriesByIp = new ConcurrentHashMap<>();
  private HttpServer server;

  public FakeTailscaled() throws Exception {
    socket = Files.createTempDirectory("tailscaled").resolve("tailscaled.sock");
    start();
  }

  private void start() throws Exception {
    server = vertx.createHttpServer().requestHandler(req -> {
      if (!"local-tailscaled.sock".equals(req.authority() == null ? null : req.authority().host())
          || req.getHeader("Origin") != null || req.getHeader("Referer") != null) {
        req.response().setStatusCode(403).end("forbidden\n");
        return;
      }
      if (!req.path().equals("/localapi/v0/whois")) {
        req.response().setStatusCode(404).end("not found\n");
        return;
      }
      queries.incrementAndGet();
      String addr = req.getParam("addr");
      if (addr == null || addr.isEmpty()) {
        req.response().setStatusCode(400).end("missing 'addr' parameter\n");
        return;
      }
      String ip = addr.startsWith("[") ? addr.substring(1, addr.indexOf(']')) : addr.substring(0, addr.lastIndexOf(':'));
      queriesByIp.computeIfAbsent(ip, k -> new AtomicInteger()).incrementAndGet();
      JsonObject answer = byIp.get(ip);
      if (answer == null) {
        req.response().setStatusCode(404).end("no match for IP:port\n");
        return;
      }
      req.response().putHeader("Content-Type", "application/json").end(answer.toBuffer());
    }).listen(SocketAddress.domainSocketAddress(socket.toString())).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  /** Answers WhoIs for this peer IP with the given response (e.g. one of the shared examples). */
  public FakeTailscaled peer(String ip, JsonObject whois) {
    byIp.put(ip, whois);
    return this;
  }

  /** One of the example responses in src/test/resources/tailscale, with its CapMap replaced. */
  public static JsonObject example(String name, JsonObject capMap) {
    try (InputStream in = FakeTailscaled.class.getResourceAsStream("/tailscale/" + name + ".json")) {
      JsonObject whois = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return capMap == null ? whois : whois.put("CapMap", capMap);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public String socketPath() {
    return socket.toString();
  }

  public int queries() {
    return queries.get();
  }

  /** WhoIs queries about one peer address (the hub also asks about none, to know tailscaled answers). */
  public int queries(String ip) {
    AtomicInteger n = queriesByIp.get(ip);
    return n == null ? 0 : n.get();
  }

  /** tailscaled goes away (the socket stops answering). */
  public void stop() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Files.deleteIfExists(socket);
  }

  public void restart() throws Exception {
    start();
  }

  @Override
  public void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Files.deleteIfExists(socket);
  }
}
