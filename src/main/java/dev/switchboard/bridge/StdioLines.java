package dev.switchboard.bridge;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** The client's side of stdio: one JSON-RPC message per line, whole lines only, whichever thread writes. */
final class StdioLines {
  private final OutputStream out;
  private volatile boolean broken;

  StdioLines(OutputStream out) {
    this.out = out;
  }

  synchronized void send(JsonObject message) {
    if (broken) {
      return;
    }
    try {
      out.write(message.encode().getBytes(StandardCharsets.UTF_8)); // encode() never contains a raw newline
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      broken = true; // the client is gone; shutdown follows from stdin's end
    }
  }
}
