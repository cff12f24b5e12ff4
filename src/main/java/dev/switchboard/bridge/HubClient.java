package dev.switchboard.bridge;

import dev.switchboard.backend.SseParser;
import dev.switchboard.protocol.McpNames;
import dev.switchboard.protocol.ProtocolVersions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;

/**
 * HTTP to the hub with the JDK's client (no event loop needed in a one-user bridge). Each exchange
 * streams its answer: a JSON body or SSE events, handed on message by message as they arrive.
 */
final class HubClient {
  private static final int MAX_EVENT_BYTES = 16 * 1024 * 1024;
  private static final String JSON_AND_SSE = "application/json, text/event-stream";
  private final HttpClient http;
  private final BridgeOptions options;

  HubClient(BridgeOptions options) {
    this.options = options;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(options.connectTimeout()).build();
  }

  /** The answer's status and headers; its messages went to the consumer while it streamed. */
  record Answer(int status, java.net.http.HttpHeaders headers, JsonObject errorBody) {
    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  /** One HTTP exchange that can be aborted from another thread (a modern cancellation closes the stream). */
  final class Call {
    private volatile CompletableFuture<HttpResponse<InputStream>> pending;
    private volatile InputStream body;
    private volatile boolean aborted;
    /** A 2026-07-28 request: cancelled by closing its stream rather than by a notification. */
    volatile boolean modern;

    /** Sends and streams the answer; each message (with its SSE event id, or null) goes to {@code onMessage}. */
    Answer run(HttpRequest request, BiConsumer<String, JsonObject> onMessage) throws IOException, InterruptedException {
      if (aborted) {
        throw new IOException("cancelled");
      }
      pending = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
      HttpResponse<InputStream> response;
      try {
        response = pending.get();
      } catch (ExecutionException e) {
        throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
      } catch (java.util.concurrent.CancellationException e) {
        throw new IOException("cancelled");
      }
      body = response.body();
      if (aborted) {
        body.close();
        throw new IOException("cancelled");
      }
      try (InputStream in = body) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (response.statusCode() / 100 == 2 && type.startsWith("text/event-stream")) {
          streamEvents(in, onMessage);
          return new Answer(response.statusCode(), response.headers(), null);
        }
        byte[] bytes = in.readAllBytes();
        JsonObject json = bytes.length == 0 ? null : parse(bytes);
        if (response.statusCode() / 100 == 2) {
          if (json != null) {
            onMessage.accept(null, json);
          }
          return new Answer(response.statusCode(), response.headers(), null);
        }
        return new Answer(response.statusCode(), response.headers(), json);
      }
    }

    void abort() {
      aborted = true;
      CompletableFuture<HttpResponse<InputStream>> p = pending;
      if (p != null) {
        p.cancel(true);
      }
      InputStream b = body;
      if (b != null) {
        try {
          b.close();
        } catch (IOException e) {
          // closing is all we wanted
        }
      }
    }
  }

  Call call() {
    return new Call();
  }

  HttpRequest.Builder request(Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(options.hub()).timeout(options.timeout());
    options.headers().forEach(b::header);
    headers.forEach(b::header);
    return b;
  }

  /** A POST of one JSON-RPC message, accepting a JSON answer or an event stream. */
  HttpRequest post(JsonObject msg, Map<String, String> headers) {
    return request(headers).header("Content-Type", "application/json").header("Accept", JSON_AND_SSE)
        .POST(HttpRequest.BodyPublishers.ofString(msg.encode())).build();
  }

  private static void streamEvents(InputStream in, BiConsumer<String, JsonObject> onMessage) throws IOException {
    SseParser parser = new SseParser(MAX_EVENT_BYTES, event -> {
      if (event.data() != null && !event.data().isEmpty()) {
        JsonObject json = parse(event.data().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (json != null) {
          onMessage.accept(event.id(), json);
        }
      }
    });
    byte[] chunk = new byte[8192];
    int n;
    while ((n = in.read(chunk)) != -1) {
      parser.feed(Buffer.buffer(java.util.Arrays.copyOf(chunk, n)));
    }
  }

  private static JsonObject parse(byte[] bytes) {
    try {
      return new JsonObject(Buffer.buffer(bytes));
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }

  /** The headers a 2026-07-28 message carries beside its body, which the hub checks against it. */
  static Map<String, String> modernHeaders(JsonObject msg) {
    JsonObject params = msg.getJsonObject("params", new JsonObject());
    String version = params.getJsonObject(McpNames.META, new JsonObject())
        .getString(McpNames.META_PROTOCOL_VERSION, ProtocolVersions.MODERN);
    Map<String, String> h = new HashMap<>();
    h.put(McpNames.HEADER_PROTOCOL_VERSION, version);
    h.put(McpNames.HEADER_METHOD, msg.getString("method"));
    String nameParam = McpNames.nameParamOf(msg.getString("method"));
    if (nameParam != null && params.getValue(nameParam) instanceof String name) {
      h.put(McpNames.HEADER_NAME, McpNames.headerValue(name));
    }
    return h;
  }
}
