package dev.switchboard.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;

/**
 * The official MCP Java SDK's own stdio server, with three tools ({@code shout}; {@code traceparent}: what its
 * request's {@code _meta} carried; {@code environment}: the names of its environment variables), run as a real process so the hub can use
 * it as a stdio backend: {@code java -cp <test classpath> dev.switchboard.support.JavaSdkStdioServer}.
 */
public final class JavaSdkStdioServer {
  private JavaSdkStdioServer() {}

  public static void main(String[] args) throws InterruptedException {
    JacksonMcpJsonMapper json = new JacksonMcpJsonMapper(new ObjectMapper());
    McpSchema.Tool shout = McpSchema.Tool.builder().name("shout").description("Upper-cases the message")
        .inputSchema(Map.of("type", "object", "properties", Map.of("message", Map.of("type", "string"))))
        .build();
    McpSchema.Tool meta = McpSchema.Tool.builder().name("traceparent")
        .description("Says which traceparent the request's _meta carried")
        .inputSchema(Map.of("type", "object")).build();
    McpSchema.Tool environment = McpSchema.Tool.builder().name("environment")
        .description("Names the environment variables this process was started with")
        .inputSchema(Map.of("type", "object")).build();
    McpServer.sync(new StdioServerTransportProvider(json))
        .serverInfo("java-sdk-stdio", "1.0")
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .tools(McpServerFeatures.SyncToolSpecification.builder().tool(shout)
            .callHandler((exchange, request) -> McpSchema.CallToolResult.builder()
                .content(List.of(new McpSchema.TextContent(
                    String.valueOf(request.arguments().get("message")).toUpperCase())))
                .build())
            .build())
        .tools(McpServerFeatures.SyncToolSpecification.builder().tool(meta)
            .callHandler((exchange, request) -> McpSchema.CallToolResult.builder()
                .content(List.of(new McpSchema.TextContent(String.valueOf(
                    request.meta() == null ? null : request.meta().get("traceparent")))))
                .build())
            .build())
        .tools(McpServerFeatures.SyncToolSpecification.builder().tool(environment)
            .callHandler((exchange, request) -> McpSchema.CallToolResult.builder()
                .content(List.of(new McpSchema.TextContent(String.join(",", new java.util.TreeSet<>(System.getenv()
                    .keySet())))))
                .build())
            .build())
        .build();
    Thread.currentThread().join(); // serves until stdin closes and the process is stopped
  }
}
