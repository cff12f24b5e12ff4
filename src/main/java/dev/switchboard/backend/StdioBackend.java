package dev.switchboard.backend;

import dev.switchboard.config.BackendConfig;
import dev.switchboard.protocol.Sha256;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A stdio MCP server, run as local processes (one per user by default; see {@link ChannelBackend}). In
 * {@code args}, {@code env} and {@code cwd}, {@code {user}} is the calling user and {@code {userDir}} a
 * directory of their own under {@code stateDir}, so servers that keep files keep them per user.
 */
public final class StdioBackend extends ChannelBackend {
  public StdioBackend(Vertx vertx, BackendConfig config) {
    super(vertx, config);
  }

  @Override
  protected int maxChannels() {
    return config.maxProcesses();
  }

  @Override
  protected String channelsLimited() {
    return "processes (backends[].maxProcesses)";
  }

  @Override
  protected Future<JsonRpcChannel> open(String owner) {
    return vertx.executeBlocking(() -> {
      Path userDir = userDir(owner);
      Files.createDirectories(userDir);
      List<String> command = new ArrayList<>();
      command.add(config.command());
      config.args().forEach(a -> command.add(personal(a, owner, userDir)));
      Map<String, String> env = new HashMap<>();
      config.env().forEach((k, v) -> env.put(k, personal(v, owner, userDir)));
      Path cwd = config.cwd() == null ? null : Path.of(personal(config.cwd(), owner, userDir));
      StdioProcess p = StdioProcess.start(name(), owner, vertx, context, command, env, cwd);
      LOG.log(System.Logger.Level.INFO, "Backend ''{0}'': started process {1}{2}", name(), String.valueOf(p.pid()),
          owner.isEmpty() ? "" : " for " + owner);
      return p;
    }, false);
  }

  private Path userDir(String owner) {
    return Path.of(config.stateDir()).resolve(owner.isEmpty() ? "_hub" : safe(owner));
  }

  private static String personal(String value, String owner, Path userDir) {
    return value.replace("{user}", owner.isEmpty() ? "switchboard-hub" : owner)
        .replace("{userDir}", userDir.toAbsolutePath().toString());
  }

  /** A file-name-safe, collision-free form of a principal: its readable part plus a short hash. */
  private static String safe(String principal) {
    String readable = principal.replaceAll("[^A-Za-z0-9._@-]", "_");
    String hash = Sha256.hex(principal).substring(0, 8);
    return readable + "-" + hash;
  }
}
