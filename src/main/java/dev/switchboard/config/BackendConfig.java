package dev.switchboard.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One backend MCP server. {@code builtin} is the in-process demo server; {@code http} is streamable HTTP;
 * {@code stdio} is a local process ({@code command}, {@code args}, {@code env}, {@code cwd}), by default one
 * per user ({@code sharing: per-user}, or {@code shared}), reaped after {@code idleTimeout}. In
 * {@code args} and {@code env} values, {@code {user}} is the calling user and {@code {userDir}} a directory
 * of their own under {@code stateDir}, so servers that keep files keep them per user.
 */
public record BackendConfig(
    @JsonProperty("name") String name,
    @JsonProperty("type") Type type,
    @JsonProperty("url") String url,
    @JsonProperty("headers") Map<String, String> headers,
    @JsonProperty("timeout") Durations.Value timeout,
    @JsonProperty("connectTimeout") Durations.Value connectTimeout,
    @JsonProperty("prefix") String prefix,
    @JsonProperty("command") String command,
    @JsonProperty("args") List<String> args,
    @JsonProperty("env") Map<String, String> env,
    @JsonProperty("cwd") String cwd,
    @JsonProperty("sharing") String sharing,
    @JsonProperty("idleTimeout") Durations.Value idleTimeout,
    @JsonProperty("maxProcesses") Integer maxProcesses,
    @JsonProperty("stateDir") String stateDir,
    @JsonProperty("maxConcurrent") Integer maxConcurrent,
    @JsonProperty("maxStreams") Integer maxStreams) {

  public enum Type {
    @JsonProperty("builtin") BUILTIN,
    @JsonProperty("http") HTTP,
    @JsonProperty("stdio") STDIO,
    @JsonProperty("sse") SSE
  }

  public BackendConfig {
    headers = headers != null ? Map.copyOf(headers) : Map.of();
    timeout = timeout != null ? timeout : Durations.Value.parse("30s");
    connectTimeout = connectTimeout != null ? connectTimeout : Durations.Value.parse("5s");
    prefix = prefix != null ? prefix : name;
    args = args != null ? List.copyOf(args) : List.of();
    env = env != null ? Map.copyOf(env) : Map.of();
    sharing = sharing != null ? sharing : "per-user";
    idleTimeout = idleTimeout != null ? idleTimeout : Durations.Value.parse("10m");
    maxProcesses = maxProcesses != null ? maxProcesses : 50;
    stateDir = stateDir != null ? stateDir : "state/" + name;
    maxConcurrent = maxConcurrent != null ? maxConcurrent : 256;
    maxStreams = maxStreams != null ? maxStreams : 1024;
  }

  /** The same backend with its header and environment values resolved (see {@link EnvReferences}). */
  BackendConfig withValues(Map<String, String> headers, Map<String, String> env) {
    return new BackendConfig(name, type, url, headers, timeout, connectTimeout, prefix, command, args, env, cwd,
        sharing, idleTimeout, maxProcesses, stateDir, maxConcurrent, maxStreams);
  }
}
