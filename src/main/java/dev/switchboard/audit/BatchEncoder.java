package dev.switchboard.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.protocol.JsonWriter;
import dev.switchboard.protocol.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Encodes a batch of records as JSON lines into one buffer that is reused from batch to batch, through
 * one Jackson generator that is kept open. The writer thread's main cost per record is its encoding; going
 * through {@code JsonObject.toBuffer()} set up a generator and a buffer per record and copied the bytes
 * out again. Values are written in Vert.x' canonical form ({@link JsonWriter}, never bytes as a client
 * spaced them), so a record reads back exactly as {@code toBuffer()} of its fully decoded values would
 * have written it. Used by the writer thread only.
 */
final class BatchEncoder {
  private static final JsonFactory FACTORY = new JsonFactory();
  /** A buffer grown for an unusually big batch is not kept beyond this. */
  private static final int KEEP_BYTES = 1 << 20;

  private Bytes out = new Bytes();
  private JsonGenerator generator = open(out);
  private final CountingSink counter = new CountingSink();
  private JsonGenerator counting = open(counter);

  /** Starts a new batch; the bytes of the previous one are gone. */
  void reset() {
    if (out.capacity() > KEEP_BYTES) {
      out = new Bytes();
      generator = open(out);
    }
    out.reset(); // the generator holds nothing back: it is flushed after every record
  }

  /**
   * Appends one record and its newline; returns the SHA-256 of the line's bytes (without the newline).
   * A record that cannot be encoded throws and leaves the batch as it was.
   */
  String append(Object record) {
    int start = out.size();
    try {
      encode(record, generator, false); // canonical: the trail never carries bytes as a client spaced them
    } catch (RuntimeException e) {
      out.truncate(start); // nothing of a record that could not be encoded stays in the batch
      generator = open(out); // and the generator may have been left inside an object
      throw e;
    }
    String hash = Sha256.hex(out.array(), start, out.size() - start);
    out.write('\n');
    return hash;
  }

  /**
   * How many bytes a value takes on the wire, without keeping them: what the hub passed on as received
   * counts as received, so measuring it needs no decoding (audit sizes are wire sizes).
   */
  int encodedLength(Object value) {
    counter.count = 0;
    try {
      encode(value, counting, true);
    } catch (RuntimeException e) {
      counting = open(counter); // as in append: the next value must not land inside this one
      throw e;
    }
    return (int) counter.count;
  }

  /** The batch so far: {@link #size()} bytes of this array. */
  byte[] array() {
    return out.array();
  }

  int size() {
    return out.size();
  }

  private static void encode(Object value, JsonGenerator into, boolean wire) {
    try {
      JsonWriter.write(value, into, wire);
      into.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writes to memory: not expected
    }
  }

  private static JsonGenerator open(OutputStream sink) {
    try {
      JsonGenerator g = FACTORY.createGenerator(sink);
      g.setRootValueSeparator(null); // lines are separated by the newline written after each
      return g;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A byte array stream that lends its array instead of copying it. */
  private static final class Bytes extends ByteArrayOutputStream {
    Bytes() {
      super(64 * 1024);
    }

    byte[] array() {
      return buf;
    }

    int capacity() {
      return buf.length;
    }

    void truncate(int size) {
      count = size;
    }
  }

  private static final class CountingSink extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
