package dev.switchboard.session;

import dev.switchboard.identity.Caller;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The per-call state of the modern era's multi round-trip requests. A backend's opaque {@code requestState}
 * leaves the hub only inside a token the hub signs (HMAC-SHA256) and binds to the caller, the backend and
 * an expiry; a retry must bring it back unchanged, from the same caller, in time. Anything else is answered
 * like an unknown legacy session (404), so state minted for one user is useless to another.
 */
public final class RequestStates {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  private final byte[] key;
  private final long ttlMillis;
  private final LongSupplier clock;

  public RequestStates(long ttlMillis, LongSupplier clock) {
    this.key = new byte[32];
    new SecureRandom().nextBytes(this.key);
    this.ttlMillis = ttlMillis;
    this.clock = clock;
  }

  /** The token a client sees in place of the backend's state ({@code backendState} may be null). */
  public String wrap(String backendState, Caller caller, String backend) {
    JsonObject claims = new JsonObject().put("p", caller.principal()).put("b", backend)
        .put("x", clock.getAsLong() + ttlMillis);
    if (backendState != null) {
      claims.put("s", backendState);
    }
    String payload = B64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
    return payload + "." + B64.encodeToString(mac(payload));
  }

  /** The backend's state inside a token, after checking signature, caller, backend and expiry (may be null). */
  public String unwrap(Object token, Caller caller, String backend) {
    if (!(token instanceof String t) || t.indexOf('.') < 0) {
      throw invalid();
    }
    String payload = t.substring(0, t.indexOf('.'));
    try {
      byte[] signature = B64D.decode(t.substring(t.indexOf('.') + 1));
      if (!MessageDigest.isEqual(signature, mac(payload))) {
        throw invalid();
      }
      JsonObject claims = new JsonObject(new String(B64D.decode(payload), StandardCharsets.UTF_8));
      if (!caller.principal().equals(claims.getString("p")) || !backend.equals(claims.getString("b"))
          || clock.getAsLong() > claims.getLong("x", 0L)) {
        throw invalid();
      }
      return claims.getString("s");
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      throw invalid();
    }
  }

  private byte[] mac(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
    }
  }

  private static McpError invalid() {
    return new McpError(ErrorKind.REQUEST_STATE_NOT_FOUND, "requestState not found: it expired, was altered, "
        + "or belongs to another caller; send the request again without inputResponses and requestState");
  }
}
