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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A backend reached over a message channel per owner — a stdio process, a 2024-11-05 event stream: by
 * default one per user ({@code sharing: per-user}), opened on the user's first call and closed after
 * {@code idleTimeout}, so no two users ever share one or its state; {@code shared} opens one for everyone.
 * The hub's own calls (loading the catalog) use one of their own. A channel that ends fails its calls at
 * once; the next call opens a new one, after a backoff that grows while channels keep dying young.
 */
public abstract class ChannelBackend implements Backend {
  protected static final System.Logger LOG = System.getLogger(ChannelBackend.class.getName());
  private static final String HUB = "";
  private static final long PROBE_MILLIS = 5_000;
  private static final long HEALTHY_LIFETIME_MILLIS = 30_000;
  private static final long MAX_BACKOFF_MILLIS = 30_000;
  protected final Vertx vertx;
  protected final Context context;
  protected final BackendConfig config;
  private final Map<String, Slot> slots = new ConcurrentHashMap<>();
  private final long reaper;
  private volatile BackendInfo info;
  private final java.util.concurrent.atomic.AtomicLong stuckStops = new java.util.concurrent.atomic.AtomicLong();
  private final DroppedNotifications dropped;
  private volatile java.util.function.Consumer<String> listChanged = kind -> { };

  /** One owner's process: the one starting or running, and how soon another may start after a crash. */
  private static final class Slot {
    Future<JsonRpcChannel> process;
    int crashes;
    long notBeforeMillis;
  }

  protected ChannelBackend(Vertx vertx, BackendConfig config) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.config = config;
    this.dropped = new DroppedNotifications(config.name());
    this.reaper = vertx.setPeriodic(dev.switchboard.config.Durations.sweepPeriod(config.idleTimeout().millis()),
        t -> reapIdle());
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public void onListChanged(java.util.function.Consumer<String> listener) {
    this.listChanged = listener;
  }

  @Override
  public Future<BackendInfo> connect() {
    return process(HUB).map(p -> info);
  }

  @Override
  public Future<JsonObject> call(BackendCall call) {
    String owner = call.owner(config.sharing());
    return process(owner).compose(p -> {
      JsonObject params = new JsonObject(new java.util.LinkedHashMap<>(call.params().getMap()));
      if (info.era() == Era.MODERN) {
        ModernEnvelope.applyMeta(params, call.clientCapabilities());
      }
      long timeout = Math.min(call.timeoutMillis(), config.timeout().millis());
      long sent = System.nanoTime();
      return p.request(call.method(), params, timeout, call.cancelled(), call.notifications(), call.askClient())
          .onFailure(e -> {
            // A user's call ran out of time without one word from the server: it is stuck, and every later call
            // of its owner would wait the same way. Not for the hub's own calls: a health probe that times out
            // during a long, silent tool says nothing about the server being stuck.
            if (call.caller() != null && System.nanoTime() - sent >= timeout * 900_000 && p.silentSince(sent)) {
              p.stuck("it said nothing at all while " + call.method() + " waited " + timeout + " ms");
            }
          });
    }).compose(reply -> BackendResults.of(name(), reply));
  }

  /** Stops a stuck process or stream; its owner's next call starts a new one. */
  private void stopStuck(String owner, JsonRpcChannel p, String why) {
    if (!p.alive()) {
      return;
    }
    stuckStops.incrementAndGet();
    LOG.log(System.Logger.Level.WARNING, "Backend ''{0}'': stopping process {1}{2}, which is stuck: {3}; the next "
        + "call starts a new one", name(), String.valueOf(p.pid()), owner.isEmpty() ? "" : " of " + owner, why);
    p.kill();
  }

  @Override
  public boolean followsResources() {
    return true;
  }

  @Override
  public long droppedNotifications() {
    return dropped.count();
  }

  /** How many processes or streams were stopped as stuck, for metrics. */
  @Override
  public long stuckStops() {
    return stuckStops.get();
  }

  /**
   * A 2025-era {@code resources/subscribe} in the owner's channel; the channel routes the server's updates
   * by URI. The last follower to leave unsubscribes.
   */
  @Override
  public Future<Runnable> subscribe(BackendCall call, String uri, java.util.function.Consumer<JsonObject> sink) {
    long timeout = config.timeout().millis();
    return process(call.owner(config.sharing())).compose(p -> p.request(McpNames.RESOURCES_SUBSCRIBE,
            new JsonObject().put("uri", uri), timeout, Promise.<Void>promise().future(), n -> { })
        .compose(reply -> BackendResults.of(name(), reply))
        .map(ok -> {
          Runnable remove = p.onResourceUpdated(uri, sink);
          return (Runnable) () -> {
            remove.run();
            if (!p.followed(uri) && p.alive()) {
              p.request(McpNames.RESOURCES_UNSUBSCRIBE, new JsonObject().put("uri", uri), timeout,
                  Promise.<Void>promise().future(), n -> { });
            }
          };
        }));
  }

  /** Live processes, for metrics and tests. */
  @Override
  public int processes() {
    return (int) slots.values().stream().filter(s -> s.process != null && s.process.succeeded()
        && s.process.result().alive()).count();
  }

  /** The live channels the limit counts: users' only, unless the hub's own takes a place too. */
  private int channelsCounted() {
    return (int) slots.entrySet().stream().filter(e -> (hubChannelTakesAPlace() || !e.getKey().equals(HUB))
        && e.getValue().process != null && e.getValue().process.succeeded() && e.getValue().process.result().alive())
        .count();
  }

  /**
   * Whether the hub's own channel (its catalog's) counts against the limit: a process of its own does not
   * take a user's place ({@code maxProcesses} is the users'); an event stream does, since it holds one of
   * the connections {@code maxStreams} allows.
   */
  protected boolean hubChannelTakesAPlace() {
    return false;
  }

  /** The pid of an owner's process (tests kill it to play a crash); -1 when there is none. */
  public long pidOf(String principal) {
    Slot s = slots.get(principal);
    return s != null && s.process != null && s.process.succeeded() ? s.process.result().pid() : -1;
  }

  @Override
  public Future<Void> close() {
    vertx.cancelTimer(reaper);
    List<Future<Void>> stopped = new ArrayList<>();
    slots.values().forEach(s -> {
      if (s.process != null && s.process.succeeded()) {
        stopped.add(s.process.result().stop());
      }
    });
    slots.clear();
    return Future.join(stopped).mapEmpty();
  }

  /** The owner's running process, or a new one once it has started and shaken hands. */
  private synchronized Future<JsonRpcChannel> process(String owner) {
    Slot slot = slots.computeIfAbsent(owner, o -> new Slot());
    if (slot.process != null && (!slot.process.isComplete() || (slot.process.succeeded() && slot.process.result().alive()))) {
      return slot.process;
    }
    long now = System.currentTimeMillis();
    if (now < slot.notBeforeMillis) {
      return Future.failedFuture(new McpError(ErrorKind.BACKEND_UNAVAILABLE, "Backend '" + name()
          + "' keeps exiting; the next start is in " + (slot.notBeforeMillis - now) + " ms"));
    }
    if ((hubChannelTakesAPlace() || !owner.equals(HUB)) && channelsCounted() >= maxChannels()) {
      return Future.failedFuture(new McpError(ErrorKind.BACKEND_UNAVAILABLE, "Backend '" + name() + "' is at its limit of "
          + maxChannels() + " " + channelsLimited() + "; try again when others are idle"));
    }
    slot.process = open(owner).compose(p -> {
      p.onListChanged(kind -> listChanged.accept(kind));
      p.onStuck(why -> stopStuck(owner, p, why));
      p.onDropped(dropped::dropped);
      return Future.succeededFuture(p);
    }).compose(p -> handshake(p).transform(ar -> {
      if (ar.failed()) {
        p.kill();
        return Future.failedFuture(ar.cause());
      }
      return Future.succeededFuture(p);
    })).onSuccess(p -> p.exited().onComplete(code -> exitedEarly(slot, p)))
        .onFailure(e -> backoff(slot));
    return slot.process;
  }

  /** Opens the owner's transport: starts a process, connects an event stream. */
  protected abstract Future<JsonRpcChannel> open(String owner);

  /** How many channels (processes, event streams) may be open at once. */
  protected abstract int maxChannels();

  /** What those channels are, and the key that limits them, for the error that refuses one more. */
  protected abstract String channelsLimited();

  /** The 2026-07-28 probe first ({@code server/discover}); anything but a modern answer means initialize. */
  private Future<BackendInfo> handshake(JsonRpcChannel p) {
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

  private Future<BackendInfo> initialize(JsonRpcChannel p) {
    JsonObject params = new JsonObject().put("protocolVersion", ProtocolVersions.LEGACY.get(0))
        .put("capabilities", LegacyHttp.RELAYED_CAPABILITIES.copy()).put("clientInfo", HubIdentity.clientInfo());
    return p.request(McpNames.INITIALIZE, params, config.timeout().millis(), Promise.<Void>promise().future(), m -> { })
        .map(reply -> {
          BackendInfo info = Handshake.initialized(name(), reply); // the same reading as over HTTP
          p.notify(JsonRpc.notification(McpNames.INITIALIZED, null));
          return info;
        });
  }

  /** A process that dies young makes the next start wait longer; one that lived a while resets that. */
  private synchronized void exitedEarly(Slot slot, JsonRpcChannel p) {
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
      Future<JsonRpcChannel> f = e.getValue().process;
      if (f != null && f.succeeded() && f.result().alive() && f.result().idle(now, idle)) {
        LOG.log(System.Logger.Level.INFO, "Backend ''{0}'': stopping idle process {1}", name(),
            String.valueOf(f.result().pid()));
        f.result().stop();
        return true;
      }
      return false;
    });
  }

}
