package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.NodePeer;
import dev.switchboard.support.TestHub;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The official MCP Java SDK client (legacy era) against the hub, fronting the built-in demo backend and
 * our TypeScript SDK v2 fixture: the hub must look like one ordinary MCP server.
 */
@Timeout(300) // a hang fails the test instead of the whole build
class JavaSdkClientIT {
  private static NodePeer fixture;
  private static TestHub hub;

  @BeforeAll
  static void start() throws Exception {
    int port = NodePeer.freePort();
    fixture = NodePeer.fixture(port);
    hub = TestHub.start("""
        listen: {host: 127.0.0.1, port: 0}
        backends:
          - {name: demo, type: builtin}
          - {name: fixture, type: http, url: "http://127.0.0.1:%d/mcp"}
        """.formatted(port));
  }

  @AfterAll
  static void stop() throws Exception {
    hub.close();
    fixture.close();
  }

  private static McpSyncClient client(McpClient.SyncSpec spec) {
    McpSyncClient c = spec.requestTimeout(Duration.ofSeconds(20))
        .clientInfo(new McpSchema.Implementation("java-sdk-it", "1.0")).build();
    c.initialize();
    return c;
  }

  private static McpClient.SyncSpec spec() {
    return McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + hub.port())
        .endpoint("/mcp").build());
  }

  private static String text(McpSchema.CallToolResult r) {
    return ((McpSchema.TextContent) r.content().get(0)).text();
  }

  @Test
  void initializeNegotiatesALegacyVersionAndNamesTheHub() {
    try (McpSyncClient c = spec().requestTimeout(Duration.ofSeconds(20)).build()) {
      McpSchema.InitializeResult init = c.initialize();
      assertThat(init.protocolVersion()).isIn("2025-11-25", "2025-06-18", "2025-03-26");
      assertThat(init.serverInfo().name()).isEqualTo("switchboard");
      assertThat(init.capabilities().tools()).isNotNull();
    }
  }

  @Test
  void toolsOfBothBackendsAreListedUnderTheirPrefixes() {
    try (McpSyncClient c = client(spec())) {
      List<String> names = c.listTools().tools().stream().map(McpSchema.Tool::name).toList();
      assertThat(names).contains("demo__echo", "demo__whoami", "fixture__test_simple_text", "fixture__test_tool_with_progress");
    }
  }

  @Test
  void callsRouteToTheRightBackend() {
    try (McpSyncClient c = client(spec())) {
      assertThat(text(c.callTool(new McpSchema.CallToolRequest("demo__echo", Map.of("message", "hello hub")))))
          .isEqualTo("hello hub");
      assertThat(text(c.callTool(new McpSchema.CallToolRequest("fixture__test_simple_text", Map.of()))))
          .isEqualTo("This is a simple text response for testing.");
    }
  }

  @Test
  void whoamiShowsTheIdentityTheHubResolved() {
    try (McpSyncClient c = client(spec())) {
      McpSchema.CallToolResult r = c.callTool(new McpSchema.CallToolRequest("demo__whoami", Map.of()));
      assertThat(text(r)).contains("dev@localhost").contains("\"source\" : \"dev\"");
    }
  }

  @Test
  void progressFromAModernBackendReachesTheLegacyClient() {
    List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
    try (McpSyncClient c = client(spec().progressConsumer(progress::add))) {
      McpSchema.CallToolResult r = c.callTool(McpSchema.CallToolRequest.builder().name("fixture__test_tool_with_progress")
          .arguments(Map.of()).progressToken("tok-1").build());
      assertThat(text(r)).isEqualTo("tok-1");
      // The SDK hands notifications to the consumer on its own scheduler: the last may land just after the result.
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> progress.size() >= 3);
      assertThat(progress).extracting(McpSchema.ProgressNotification::progress).containsExactly(0.0, 50.0, 100.0);
    }
  }

  @Test
  void elicitationFromAModernBackendIsAskedOfTheLegacyClient() {
    McpClient.SyncSpec s = spec().capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
        .elicitation(req -> new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT,
            Map.of("response", "yes from java")));
    try (McpSyncClient c = client(s)) {
      McpSchema.CallToolResult r = c.callTool(new McpSchema.CallToolRequest("fixture__test_elicitation",
          Map.of("message", "Proceed?")));
      assertThat(text(r)).contains("action=accept").contains("yes from java");
    }
  }

  @Test
  void theDemoBackendsConfirmationIsAskedOfTheLegacyClient() {
    McpClient.SyncSpec s = spec().capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
        .elicitation(req -> new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("ok", true)));
    try (McpSyncClient c = client(s)) {
      assertThat(text(c.callTool(new McpSchema.CallToolRequest("demo__confirm", Map.of("message", "Deploy?")))))
          .isEqualTo("confirmed");
    }
  }

  @Test
  void aClientWithoutTheCapabilityGetsAClearError() {
    try (McpSyncClient c = client(spec())) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() ->
              c.callTool(new McpSchema.CallToolRequest("demo__confirm", Map.of())))
          .hasMessageContaining("did not declare the 'elicitation' capability");
    }
  }

  @Test
  void promptsAndResourcesWorkAcrossBackends() {
    try (McpSyncClient c = client(spec())) {
      McpSchema.GetPromptResult p = c.getPrompt(new McpSchema.GetPromptRequest("fixture__test_prompt_with_arguments",
          Map.of("arg1", "a", "arg2", "b")));
      assertThat(((McpSchema.TextContent) p.messages().get(0).content()).text()).contains("arg1='a'");
      assertThat(c.listResources().resources()).extracting(McpSchema.Resource::uri)
          .contains("switchboard://demo/about", "test://static-text");
      McpSchema.ReadResourceResult read = c.readResource(new McpSchema.ReadResourceRequest("test://template/7/data"));
      assertThat(((McpSchema.TextResourceContents) read.contents().get(0)).text()).contains("Data for ID: 7");
    }
  }

  @Test
  void unknownToolsAreAnErrorNotACrash() {
    try (McpSyncClient c = client(spec())) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() ->
              c.callTool(new McpSchema.CallToolRequest("nope__missing", Map.of())))
          .hasMessageContaining("Unknown tool");
      assertThat(text(c.callTool(new McpSchema.CallToolRequest("demo__echo", Map.of("message", "still fine")))))
          .isEqualTo("still fine");
    }
  }
}
