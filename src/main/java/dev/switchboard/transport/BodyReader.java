package dev.switchboard.transport;

import dev.switchboard.pipeline.Deadline;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a request body up to a limit and within a deadline. A declared Content-Length over the limit is
 * refused before reading; a body that grows past it while streaming is refused as soon as it does, and the
 * rest is not buffered; a body not complete by the deadline is refused (408).
 */
final class BodyReader {
  private BodyReader() {}

  static Future<Buffer> read(HttpServerRequest req, long limit, Deadline deadline) {
    String declared = req.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared != null) {
      try {
        if (Long.parseLong(declared.trim()) > limit) {
          return Future.failedFuture(tooLarge(limit));
        }
      } catch (NumberFormatException e) {
        return Future.failedFuture(new McpError(ErrorKind.INVALID_REQUEST, "Invalid Content-Length"));
      }
    }
    Promise<Buffer> body = Promise.promise();
    Buffer acc = Buffer.buffer();
    req.handler(chunk -> {
      if (body.future().isComplete()) {
        return;
      }
      if (acc.length() + chunk.length() > limit) {
        body.tryFail(tooLarge(limit));
        return;
      }
      acc.appendBuffer(chunk);
    });
    req.endHandler(v -> body.tryComplete(acc));
    req.exceptionHandler(body::tryFail);
    // A client that stops sending, or trickles, must not hold the connection and what it sent so far.
    deadline.onExpiry(() -> body.tryFail(new McpError(ErrorKind.REQUEST_TIMEOUT,
        "Request Timeout: the body did not arrive within " + deadline.timeoutMillis() + " ms")));
    return body.future();
  }

  private static McpError tooLarge(long limit) {
    return new McpError(ErrorKind.BODY_TOO_LARGE, "Payload Too Large: the body exceeds " + limit + " bytes");
  }
}
