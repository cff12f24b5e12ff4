package dev.switchboard.backend;

import dev.switchboard.config.BackendConfig;
import dev.switchboard.protocol.Era;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.HubIdentity;
import dev.switchboard.protocol.JsonRpc;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.McpNames;
import dev.switchboard.protocol.ProtocolVersions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stdio MCP server, run as local processes: by default one per user ({@code sharing: per-user}),
 * started on the user's first call and reaped after {@code idleTimeout}, so no two users ever share a
 * process or its state; {@code shared} runs one for everyone. The hub's own calls (loading the catalog)
 * use a process of their own. A process that exits fails its calls at once; the next call starts a new
 * one, after a backoff that grows while processes keep dying young.
 */
public final class StdioBackend implements Backend {
  private static final System.Logger LOG = System.getLogger(StdioBackend.class.getName());
  private static final String HUB = "";
  private static final long PROBE_MILLIS = 5_000;
  private static final long HEALTHY_LIFETIME_MILLIS = 30_000;
  private static final long MAX_BACKOFF_MILLIS = 30_000;
  private final Vertx vertx;
  private final Context context;
  private final BackendConfig config;
  private final Map<String, Slot> slots = new ConcurrentHashMap<>();
  private final long reaper;
  private volatile BackendInfo info;

  /** One owner's process: the one starting or running, and how soon another may start after a crash. */
  private static final class Slot {
    Future<StdioProcess> process;
    int crashes;
    long notBeforeMillis;
  }

  public StdioBackend(Vertx vertx, BackendConfig config) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.config = config;
    long idle = config.idleTimeout().millis();
    this.reaper = vertx.setPeriodic(Math.max(250, Math.min(idle / 4, 30_000)), t -> reapIdle());
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public Future<BackendInfo> connect() {
    return process(HUB).map(p -> info);
  }

  @Override
  public Future<JsonObject> call(BackendCall call) {
    String owner = config.sharing().equals("shared") || call.caller() == null ? HUB : call.caller().principal();
    return process(owner).compose(p -> {
      JsonObject params = new JsonObject(new java.util.LinkedHashMap<>(call.params().getMap()));
      if (info.era() == Era.MODERN) {
        ModernEnvelope.applyMeta(params, call.clientCapabilities());
      }
      long timeout = Math.min(call.timeoutMillis(), config.timeout().millis());
      return p.request(call.method(), params, timeout, call.cancelled(), call.notifications());
    }).compose(reply -> BackendResults.of(name(), reply));
  }

  /** Live processes, for metrics and tests. */
  public int processes() {
    return (int) slots.values().stream().filter(s -> s.process != null && s.process.succeeded()
        && s.process.result().alive()).count();
  }

  /** The pid of an owner's process (tests kill it to play a crash); -1 when there is none. */
  public long pidOf(String principal) {
    Slot s = slots.get(principal);
    return s != null && s.process != null && s.process.succeeded() ? s.process.result().pid() : -1;
  }

  @Override
  public Future<Void> close() {
    vertx.cancelTimer(reaper);
    slots.values().forEach(s -> {
      if (s.process != null && s.process.succeeded()) {
        s.process.result().kill();
      }
    });
    slots.clear();
    return Future.succeededFuture();
  }

  /** The owner's running process, or a new one once it has started and shaken hands. */
  private synchronized Future<StdioProcess> process(String owner) {
    Slot slot = slots.computeIfAbsent(owner, o -> new Slot());
    if (slot.process != null && (!slot.process.isComplete() || (slot.process.succeeded() && slot.process.result().alive()))) {
      return slot.process;
    }
    long now = System.currentTimeMillis();
    if (now < slot.notBeforeMillis) {
      return Future.failedFuture(new McpError(ErrorKind.BACKEND_UNAVAILABLE, "Backend '" + name()
          + "' keeps exiting; the next start is in " + (slot.notBeforeMillis - now) + " ms"));
    }
    if (processes() >= config.maxProcesses()) {
      return Future.failedFuture(new McpError(ErrorKind.BACKEND_UNAVAILABLE, "Backend '" + name() + "' is at its limit of "
          + config.maxProcesses() + " processes; try again when others are idle"));
    }
    slot.process = spawn(owner).compose(p -> handshake(p).transform(ar -> {
      if (ar.failed()) {
        p.kill();
        return Future.failedFuture(ar.cause());
      }
      return Future.succeededFuture(p);
    })).onSuccess(p -> p.exited().onComplete(code -> exitedEarly(slot, p)))
        .onFailure(e -> backoff(slot));
    return slot.process;
  }

  private Future<StdioProcess> spawn(String owner) {
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

  /** The 2026-07-28 probe first ({@code server/discover}); anything but a modern answer means initialize. */
  private Future<BackendInfo> handshake(StdioProcess p) {
    JsonObject discover = new JsonObject();
    ModernEnvelope.applyMeta(discover, new JsonObject());
    return p.request(McpNames.DISCOVER, discover, Math.min(PROBE_MILLIS, config.timeout().millis()),
        Promise.<Void>promise().future(), m -> { }).transform(ar -> {
          JsonObject r = ar.succeeded() ? ar.result().getJsonObject("result") : null;
          if (r != null && r.getJsonArray("supportedVersions", new JsonArray()).contains(ProtocolVersions.MODERN)) {
            return Future.succeededFuture(new BackendInfo(Era.MODERN, ProtocolVersions.MODERN,
                r.getJsonObject("capabilities", new JsonObject()),
                r.getJsonObject(McpNames.META, new JsonObject()).getJsonObject(McpNames.META_SERVER_INFO, new JsonObject()),
                r.getString("instructions")));
          }
          if (!p.alive()) {
            return Future.failedFuture(ar.failed() ? ar.cause() : new McpError(ErrorKind.BACKEND_UNAVAILABLE,
                "Backend '" + name() + "' exited during start-up"));
          }
          return initialize(p);
        }).onSuccess(i -> info = i);
  }

  private Future<BackendInfo> initialize(StdioProcess p) {
    JsonObject params = new JsonObject().put("protocolVersion", ProtocolVersions.LEGACY.get(0))
        .put("capabilities", new JsonObject()).put("clientInfo", HubIdentity.clientInfo());
    return p.request(McpNames.INITIALIZE, params, config.timeout().millis(), Promise.<Void>promise().future(), m -> { })
        .compose(reply -> {
          JsonObject r = reply.getJsonObject("result");
          String version = r == null ? null : r.getString("protocolVersion");
          if (version == null || !ProtocolVersions.isLegacy(version)) {
            return Future.failedFuture(new McpError(ErrorKind.BACKEND_UNAVAILABLE, "Backend '" + name()
                + "' refused initialize or offered an unsupported version: " + reply.encode()));
          }
          p.notify(JsonRpc.notification(McpNames.INITIALIZED, null));
          return Future.succeededFuture(new BackendInfo(Era.LEGACY, version, r.getJsonObject("capabilities", new JsonObject()),
              r.getJsonObject("serverInfo", new JsonObject()), r.getString("instructions")));
        });
  }

  /** A process that dies young makes the next start wait longer; one that lived a while resets that. */
  private synchronized void exitedEarly(Slot slot, StdioProcess p) {
    if (System.currentTimeMillis() - p.startedMillis() >= HEALTHY_LIFETIME_MILLIS) {
      slot.crashes = 0;
    } else {
      backoff(slot);
    }
  }

  private synchronized void backoff(Slot slot) {
    slot.crashes++;
    long delay = Math.min(MAX_BACKOFF_MILLIS, 250L << Math.min(slot.crashes - 1, 10));
    slot.notBeforeMillis = System.currentTimeMillis() + delay;
  }

  private synchronized void reapIdle() {
    long now = System.currentTimeMillis();
    long idle = config.idleTimeout().millis();
    slots.entrySet().removeIf(e -> {
      Future<StdioProcess> f = e.getValue().process;
      if (f != null && f.succeeded() && f.result().alive() && f.result().idle(now, idle)) {
        LOG.log(System.Logger.Level.INFO, "Backend ''{0}'': stopping idle process {1}", name(),
            String.valueOf(f.result().pid()));
        f.result().kill();
        return true;
      }
      return false;
    });
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
    String hash = dev.switchboard.audit.AuditChain.sha256(principal.getBytes(StandardCharsets.UTF_8)).substring(0, 8);
    return readable + "-" + hash;
  }
}
