package dev.switchboard.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.EncodeException;
import io.vertx.core.json.jackson.JacksonCodec;
import io.vertx.core.spi.JsonFactory;
import io.vertx.core.spi.json.JsonCodec;
import java.io.IOException;

/**
 * Makes Vert.x encode and decode {@code JsonObject}s with Jackson's streaming parser and generator
 * instead of its data-binding {@code ObjectMapper}, which Vert.x picks whenever jackson-databind is on the
 * class path (it is, for the YAML config). The hub only ever encodes maps, lists, strings, numbers and
 * booleans, which the streaming codec writes directly; data binding added a serializer-provider set-up
 * and a type lookup to every message, on every call, twice each way. Encoding goes through
 * {@link JsonWriter}, so what the hub received and never read ({@link LazyJson}) is sent on as received.
 * Registered as a service, ahead of Vert.x' own factory (lower order wins).
 */
public final class StreamingJsonFactory implements JsonFactory {
  private static final JsonCodec CODEC = new WireCodec();

  @Override
  public int order() {
    return 0;
  }

  @Override
  public JsonCodec codec() {
    return CODEC;
  }

  /** Vert.x' streaming codec, encoding through {@link JsonWriter}; pretty output is always encoded afresh. */
  private static final class WireCodec extends JacksonCodec {
    private static JsonGenerator pretty(JsonGenerator g, boolean pretty) {
      return pretty ? g.useDefaultPrettyPrinter() : g;
    }

    @Override
    public String toString(Object object, boolean pretty) {
      BufferRecycler br = LazyJson.JACKSON._getBufferRecycler();
      try (SegmentedStringWriter sw = new SegmentedStringWriter(br)) {
        JsonGenerator g = pretty(LazyJson.JACKSON.createGenerator(sw), pretty);
        JsonWriter.write(object, g, !pretty);
        g.close();
        return sw.getAndClear();
      } catch (IOException e) {
        throw new EncodeException(e.getMessage(), e);
      } finally {
        br.releaseToPool();
      }
    }

    @Override
    public Buffer toBuffer(Object object, boolean pretty) {
      BufferRecycler br = LazyJson.JACKSON._getBufferRecycler();
      try (ByteArrayBuilder bb = new ByteArrayBuilder(br)) {
        JsonGenerator g = pretty(LazyJson.JACKSON.createGenerator(bb), pretty);
        JsonWriter.write(object, g, !pretty, bb);
        g.close();
        byte[] result = bb.toByteArray();
        bb.release();
        return Buffer.buffer(result);
      } catch (IOException e) {
        throw new EncodeException(e.getMessage(), e);
      } finally {
        br.releaseToPool();
      }
    }
  }
}
