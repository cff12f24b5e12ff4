package dev.switchboard.bridging;

import dev.switchboard.identity.Caller;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.LongSupplier;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The per-call state of the modern era's multi round-trip requests. A backend's opaque {@code requestState}
 * leaves the hub only sealed (AES-256-GCM, a key of this hub's process, a fresh nonce per token) together
 * with the caller, the backend and an expiry: the client can neither read the backend's state, nor whom and
 * what it names, nor change any of it. A retry must bring the token back unchanged, from the same caller,
 * in time; anything else is answered like an unknown legacy session (404), so state minted for one user is
 * useless to another.
 */
public final class RequestStates {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  /** Bound into every token, so one sealed for another purpose under the same key never opens as this. */
  private static final byte[] PURPOSE = "switchboard requestState v2".getBytes(StandardCharsets.US_ASCII);
  private final SecretKey key;
  private final SecureRandom random = new SecureRandom();
  private final long ttlMillis;
  private final LongSupplier clock;

  public RequestStates(long ttlMillis, LongSupplier clock) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    this.key = new SecretKeySpec(bytes, "AES");
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
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] sealed = crypt(Cipher.ENCRYPT_MODE, nonce, claims.encode().getBytes(StandardCharsets.UTF_8));
    return B64.encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
  }

  /** The backend's state inside a token, after checking seal, caller, backend and expiry (may be null). */
  public String unwrap(Object token, Caller caller, String backend) {
    if (!(token instanceof String t)) {
      throw invalid();
    }
    try {
      byte[] bytes = B64D.decode(t);
      if (bytes.length <= NONCE_BYTES + TAG_BITS / 8) {
        throw invalid();
      }
      byte[] opened = crypt(Cipher.DECRYPT_MODE, java.util.Arrays.copyOf(bytes, NONCE_BYTES),
          java.util.Arrays.copyOfRange(bytes, NONCE_BYTES, bytes.length));
      JsonObject claims = new JsonObject(new String(opened, StandardCharsets.UTF_8));
      if (!caller.principal().equals(claims.getString("p")) || !backend.equals(claims.getString("b"))
          || clock.getAsLong() > claims.getLong("x", 0L)) {
        throw invalid();
      }
      return claims.getString("s");
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      throw invalid();
    }
  }

  /** Seals or opens; a token that was altered (or sealed under another key) is an {@link #invalid()} one. */
  private byte[] crypt(int mode, byte[] nonce, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(PURPOSE);
      return cipher.doFinal(input);
    } catch (AEADBadTagException e) {
      throw invalid();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JVM", e);
    }
  }

  private static McpError invalid() {
    return new McpError(ErrorKind.REQUEST_STATE_NOT_FOUND, "requestState not found: it expired, was altered, "
        + "or belongs to another caller; send the request again without inputResponses and requestState");
  }
}
