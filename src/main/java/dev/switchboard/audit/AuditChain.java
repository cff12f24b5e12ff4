package dev.switchboard.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The arithmetic of the trail, shared by the writer and the verifier. Each line's {@code prev} is the
 * SHA-256 of the previous line's exact bytes (the first line of the whole trail has {@link #GENESIS});
 * a checkpoint's {@code mac} is HMAC-SHA256 over its own {@code prev} and {@code seq}, so rewriting the
 * chain without the key is detected at the next checkpoint.
 */
public final class AuditChain {
  /** Format version written in every record's {@code v}. */
  public static final int FORMAT = 1;
  public static final String GENESIS = "0".repeat(64);
  private static final HexFormat HEX = HexFormat.of();

  private AuditChain() {}

  public static String checkpointMac(byte[] key, String prev, long seq) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HEX.formatHex(mac.doFinal((prev + "|" + seq).getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
