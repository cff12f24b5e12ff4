package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.McpHttp;
import dev.switchboard.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Mutated requests of both eras, a fixed seed and a fixed count: whatever the bytes, the hub answers each
 * within the client's timeout with a status below 500 (400 / -32700 for every body that is not UTF-8), and
 * still serves a well-formed call afterwards.
 * A failure names the seed's request number and the bytes sent, so it can be replayed.
 */
@Timeout(300)
class FuzzIT {
  private static final long SEED = 20_261_206L;
  private static final int REQUESTS_PER_ERA = 2_000;
  /** Bytes that parsers and the hub's own checks disagree about most often. */
  private static final byte[][] TOKENS = {
      bytes("\""), bytes("\\"), bytes("{"), bytes("}"), bytes("["), bytes("]"), bytes(","), bytes(":"),
      bytes("null"), bytes("-1e999"), bytes("1.5"), bytes("\\ud800"), bytes("\\u0000"), bytes("\n"),
      {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80,
      (byte) 0x80}, {(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82}, bytes("\"_meta\":7,"), bytes("\"id\":{},"),
      bytes("\"method\":\"initialize\","), bytes("\"uri\":\"docs:////////\","), bytes("\"requestState\":\"x\","),
  };
  private static TestHub hub;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.start("""
        listen: {host: 127.0.0.1, port: 0}
        limits: {enabled: false}
        backends:
          - {name: demo, type: builtin}
        """);
  }

  @AfterAll
  static void stop() throws Exception {
    hub.close();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<JsonObject> modernSeeds() {
    List<JsonObject> seeds = new ArrayList<>();
    seeds.add(McpHttp.modernRequest("tools/call", new JsonObject().put("name", "echo")
        .put("arguments", new JsonObject().put("message", "hello"))));
    seeds.add(McpHttp.modernRequest("tools/list", new JsonObject()));
    seeds.add(McpHttp.modernRequest("resources/read", new JsonObject().put("uri", "switchboard://demo/about")));
    seeds.add(McpHttp.modernRequest("prompts/get", new JsonObject().put("name", "greeting")
        .put("arguments", new JsonObject().put("name", "x"))));
    seeds.add(McpHttp.modernRequest("tools/call", new JsonObject().put("name", "confirm")
        .put("arguments", new JsonObject()).put("requestState", "abc").put("inputResponses", new JsonObject())));
    seeds.add(McpHttp.modernRequest("server/discover", new JsonObject()));
    return seeds;
  }

  private static List<JsonObject> legacySeeds() {
    List<JsonObject> seeds = new ArrayList<>();
    seeds.add(McpHttp.request("tools/call", new JsonObject().put("name", "add")
        .put("arguments", new JsonObject().put("a", 1).put("b", 2))));
    seeds.add(McpHttp.request("resources/subscribe", new JsonObject().put("uri", "switchboard://demo/about")));
    seeds.add(McpHttp.request("completion/complete", new JsonObject().put("ref", new JsonObject()
        .put("type", "ref/prompt").put("name", "greeting")).put("argument", new JsonObject().put("name", "name")
        .put("value", "a"))));
    seeds.add(McpHttp.request("ping", new JsonObject()));
    seeds.add(new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/cancelled")
        .put("params", new JsonObject().put("requestId", 1)));
    seeds.add(new JsonObject().put("jsonrpc", "2.0").put("id", "s-1").put("result", new JsonObject()));
    return seeds;
  }

  /** One of several mutations: flip, insert a token, delete a run, duplicate a run, or truncate. */
  private static byte[] mutate(byte[] seed, Random random) {
    List<Byte> out = new ArrayList<>();
    for (byte b : seed) {
      out.add(b);
    }
    int rounds = 1 + random.nextInt(3);
    for (int r = 0; r < rounds && !out.isEmpty(); r++) {
      int at = random.nextInt(out.size());
      switch (random.nextInt(5)) {
        case 0 -> out.set(at, (byte) random.nextInt(256));
        case 1 -> {
          byte[] token = TOKENS[random.nextInt(TOKENS.length)];
          for (int i = token.length - 1; i >= 0; i--) {
            out.add(at, token[i]);
          }
        }
        case 2 -> out.subList(at, Math.min(out.size(), at + 1 + random.nextInt(8))).clear();
        case 3 -> out.addAll(at, new ArrayList<>(out.subList(at, Math.min(out.size(), at + 1 + random.nextInt(16)))));
        default -> out.subList(at, out.size()).clear();
      }
    }
    byte[] body = new byte[out.size()];
    for (int i = 0; i < body.length; i++) {
      body[i] = out.get(i);
    }
    return body;
  }

  private static HttpResponse<String> post(byte[] body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hub.url())).timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream");
    headers.forEach(b::setHeader);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void fuzz(List<JsonObject> seeds, Random random, java.util.function.Function<JsonObject,
      Map<String, String>> headersOf) throws Exception {
    for (int i = 0; i < REQUESTS_PER_ERA; i++) {
      JsonObject seed = seeds.get(random.nextInt(seeds.size()));
      byte[] body = mutate(seed.toBuffer().getBytes(), random);
      HttpResponse<String> r = post(body, headersOf.apply(seed));
      String what = String.format("request %d: %s -> %s", i, new String(body, StandardCharsets.ISO_8859_1), r.body());
      assertThat(r.statusCode()).as(what).isLessThan(500);
      if (!isUtf8(body)) {
        assertThat(r.statusCode()).as(what).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getJsonObject("error").getInteger("code")).as(what).isEqualTo(-32700);
      }
    }
  }

  private static boolean isUtf8(byte[] body) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(body));
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }

  @Test
  void mutatedModernRequestsNeverGetA5xxOrHang() throws Exception {
    Random random = new Random(SEED);
    fuzz(modernSeeds(), random, seed -> {
      String method = seed.getString("method");
      JsonObject params = seed.getJsonObject("params");
      String name = params.getString("name", params.getString("uri"));
      return McpHttp.modernHeaders(method, name);
    });
    assertThat(new McpHttp(hub.url()).modern("tools/call", "echo", new JsonObject().put("name", "echo")
        .put("arguments", new JsonObject().put("message", "still here"))).body()).contains("still here");
  }

  @Test
  void mutatedLegacyRequestsNeverGetA5xxOrHang() throws Exception {
    McpHttp http = new McpHttp(hub.url());
    String sid = http.initialize("2025-11-25");
    Random random = new Random(SEED + 1);
    fuzz(legacySeeds(), random, seed -> Map.of("Mcp-Session-Id", sid, "MCP-Protocol-Version", "2025-11-25"));
    McpHttp.Reply after = http.legacy(http.initialize("2025-11-25"), "tools/call", new JsonObject().put("name", "echo")
        .put("arguments", new JsonObject().put("message", "still here")));
    assertThat(after.body()).contains("still here");
  }
}
