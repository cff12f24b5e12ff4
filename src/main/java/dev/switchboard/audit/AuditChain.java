package dev.switchboard.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
  /** One digest per thread: looking one up per record costs more than hashing a small record. */
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(AuditChain::digest);

  private AuditChain() {}

  public static String sha256(byte[] bytes, int offset, int length) {
    MessageDigest md = SHA256.get();
    md.reset();
    md.update(bytes, offset, length);
    return HEX.formatHex(md.digest());
  }

  public static String sha256(byte[] bytes) {
    return sha256(bytes, 0, bytes.length);
  }

  public static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  public static String checkpointMac(byte[] key, String prev, long seq) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HEX.formatHex(mac.doFinal((prev + "|" + seq).getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
