package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.support.NodePeer;
import dev.switchboard.support.TestHub;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The official Java SDK's 2026-07-28 client ({@code io.modelcontextprotocol.modern}, 2.2.0) against the
 * hub fronting the TypeScript SDK fixture (2026-07-28) and server-everything (2025-era): it lists and calls
 * tools of both, and answers elicitations through the SDK's own input-required handling, whether the
 * backend asked the 2026-07-28 way or the hub bridged a 2025-era backend's request into it.
 */
@Timeout(120)
class JavaSdkModernClientIT {
  private static NodePeer fixture;
  private static NodePeer everything;
  private static TestHub hub;

  @BeforeAll
  static void start() throws Exception {
    int fixturePort = NodePeer.freePort();
    int everythingPort = NodePeer.freePort();
    fixture = NodePeer.fixture(fixturePort);
    everything = NodePeer.everything(everythingPort);
    hub = TestHub.start("""
        listen: {host: 127.0.0.1, port: 0}
        backends:
          - {name: fx, type: http, url: "http://127.0.0.1:%d/mcp"}
          - {name: ev, type: http, url: "http://127.0.0.1:%d/mcp"}
        """.formatted(fixturePort, everythingPort));
  }

  @AfterAll
  static void stop() throws Exception {
    hub.close();
    fixture.close();
    everything.close();
  }

  private static String text(McpSchema.CallToolResult r) {
    return r.content().stream().filter(McpSchema.TextContent.class::isInstance)
        .map(c -> ((McpSchema.TextContent) c).text()).reduce("", String::concat);
  }

  @Test
  void theJavaSdksModernClientListsCallsAndAnswersElicitationsThroughTheHub() {
    List<String> asked = new CopyOnWriteArrayList<>();
    McpSyncClient client = McpClient.sync(HttpClientMcpTransport.builder(hub.url()).build())
        .clientInfo(McpSchema.Implementation.builder("java-sdk-modern-it", "1.0.0").build())
        .jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper()))
        .formElicitation(request -> {
          asked.add(request.message());
          return McpSchema.ElicitResult.accept(Map.of("username", "ada", "email", "ada@example.com",
              "answer", "yes", "ok", true));
        })
        .build();
    List<String> names = client.listTools().list().tools().stream().map(McpSchema.Tool::name).toList();
    assertThat(names).contains("fx__test_simple_text", "fx__test_elicitation", "ev__echo",
        "ev__trigger-elicitation-request");

    assertThat(text(client.tool("fx__test_simple_text").call())).contains("simple text response");
    assertThat(text(client.tool("ev__echo").arguments(Map.of("message", "from java")).call())).contains("from java");
    McpSchema.CallToolResult modern = client.tool("fx__test_elicitation").arguments(Map.of("message", "ok?")).call();
    assertThat(modern.isError()).isNotEqualTo(Boolean.TRUE);
    McpSchema.CallToolResult bridged = client.tool("ev__trigger-elicitation-request").call();
    assertThat(bridged.isError()).as(text(bridged)).isNotEqualTo(Boolean.TRUE);
    assertThat(asked).hasSize(2);
  }
}
