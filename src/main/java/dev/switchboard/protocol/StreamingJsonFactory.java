package dev.switchboard.protocol;

import io.vertx.core.json.jackson.JacksonCodec;
import io.vertx.core.spi.JsonFactory;
import io.vertx.core.spi.json.JsonCodec;

/**
 * Makes Vert.x encode and decode {@code JsonObject}s with Jackson's streaming parser and generator
 * instead of its data-binding {@code ObjectMapper}, which Vert.x picks whenever jackson-databind is on the
 * class path (it is, for the YAML config). The hub only ever encodes maps, lists, strings, numbers and
 * booleans, which the streaming codec writes directly; data binding added a serializer-provider set-up
 * and a type lookup to every message, on every call, twice each way. Registered as a service, ahead of
 * Vert.x' own factory (lower order wins).
 */
public final class StreamingJsonFactory implements JsonFactory {
  private static final JsonCodec CODEC = new JacksonCodec();

  @Override
  public int order() {
    return 0;
  }

  @Override
  public JsonCodec codec() {
    return CODEC;
  }
}
