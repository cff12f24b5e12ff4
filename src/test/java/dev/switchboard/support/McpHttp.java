package dev.switchboard.support;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Raw HTTP to the hub with java.net.http, for tests that check exact statuses, headers and bodies. */
public final class McpHttp {
  public static final String MODERN = "2026-07-28";
  private static final AtomicLong IDS = new AtomicLong();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String url;

  public McpHttp(String url) {
    this.url = url;
  }

  public record Reply(int status, java.net.http.HttpHeaders headers, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    /** The JSON-RPC messages of an SSE body, in order. */
    public List<JsonObject> events() {
      List<JsonObject> out = new ArrayList<>();
      for (String line : body.split("\n")) {
        if (line.startsWith("data: ")) {
          out.add(new JsonObject(line.substring(6)));
        }
      }
      return out;
    }
  }

  public Reply post(String body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    b.header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream");
    headers.forEach(b::setHeader);
    HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.headers(), r.body());
  }

  public Reply send(String method, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .method(method, HttpRequest.BodyPublishers.noBody());
    headers.forEach(b::setHeader);
    HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.headers(), r.body());
  }

  /** Opens a streaming GET/POST and returns the live body for line-by-line reading. */
  public HttpResponse<InputStream> stream(HttpRequest request) throws Exception {
    return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
  }

  public HttpRequest.Builder request() {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
  }

  /** Reads one SSE body message by message; keep one per stream (a reader buffers ahead). */
  public static final class SseReader {
    private final BufferedReader reader;
    private final List<String> ids = new ArrayList<>();

    public SseReader(InputStream in) {
      reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** The next JSON-RPC message, or null at the end of the stream. */
    public JsonObject next() throws Exception {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("id: ")) {
          ids.add(line.substring(4));
        } else if (line.startsWith("data: ")) {
          return new JsonObject(line.substring(6));
        }
      }
      return null;
    }

    public List<JsonObject> next(int count) throws Exception {
      List<JsonObject> out = new ArrayList<>();
      JsonObject m;
      while (out.size() < count && (m = next()) != null) {
        out.add(m);
      }
      return out;
    }

    public String lastId() {
      return ids.get(ids.size() - 1);
    }
  }

  // ---- message builders

  public static JsonObject request(String method, JsonObject params) {
    return new JsonObject().put("jsonrpc", "2.0").put("id", IDS.incrementAndGet()).put("method", method)
        .put("params", params);
  }

  public static JsonObject modernRequest(String method, JsonObject params) {
    JsonObject meta = params.getJsonObject("_meta", new JsonObject())
        .put("io.modelcontextprotocol/protocolVersion", MODERN)
        .put("io.modelcontextprotocol/clientCapabilities", new JsonObject())
        .put("io.modelcontextprotocol/clientInfo", new JsonObject().put("name", "raw-test").put("version", "1"));
    return request(method, params.copy().put("_meta", meta));
  }

  public static Map<String, String> modernHeaders(String method, String name) {
    return name == null ? Map.of("MCP-Protocol-Version", MODERN, "Mcp-Method", method)
        : Map.of("MCP-Protocol-Version", MODERN, "Mcp-Method", method, "Mcp-Name", name);
  }

  /** POSTs a well-formed modern request. */
  public Reply modern(String method, String name, JsonObject params) throws Exception {
    return post(modernRequest(method, params).encode(), modernHeaders(method, name));
  }

  /** Runs initialize + initialized and returns the session id. */
  public String initialize(String version) throws Exception {
    Reply r = post(request("initialize", new JsonObject().put("protocolVersion", version)
        .put("capabilities", new JsonObject()).put("clientInfo", new JsonObject().put("name", "raw").put("version", "1")))
        .encode(), Map.of());
    String sid = r.header("Mcp-Session-Id");
    post(new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/initialized").encode(),
        Map.of("Mcp-Session-Id", sid, "MCP-Protocol-Version", version));
    return sid;
  }

  public Reply legacy(String sid, String method, JsonObject params) throws Exception {
    return post(request(method, params).encode(), Map.of("Mcp-Session-Id", sid, "MCP-Protocol-Version", "2025-11-25"));
  }
}
