package dev.switchboard.backend;

import dev.switchboard.config.BackendConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;

/**
 * A server on the 2024-11-05 HTTP+SSE transport ({@code type: sse}): one event stream — one server
 * session — per user by default (see {@link ChannelBackend}), so users never share a session's state.
 */
public final class SseBackend extends ChannelBackend {
  private final BackendClients clients;

  public SseBackend(Vertx vertx, BackendConfig config) {
    super(vertx, config);
    this.clients = new BackendClients(vertx, config, new HttpClientOptions()
        .setConnectTimeout((int) config.connectTimeout().millis()).setKeepAlive(true));
  }

  /** Each channel is an event stream: the streams pool's limit is the one that counts. */
  @Override
  protected boolean hubChannelTakesAPlace() {
    return true; // its stream holds one of the maxStreams connections
  }

  @Override
  protected int maxChannels() {
    return config.maxStreams();
  }

  @Override
  protected String channelsLimited() {
    return "event streams (backends[].maxStreams)";
  }

  @Override
  protected Future<JsonRpcChannel> open(String owner) {
    return SseConnection.connect(name(), owner, vertx, context, clients, config);
  }

  @Override
  public Future<Void> close() {
    return super.close().eventually(clients::close);
  }
}
