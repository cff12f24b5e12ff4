package dev.switchboard.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 in lower-case hex, for every stage that names something by its hash: the audit chain, a
 * session's id in the trail, shortened tool names, per-user file names of stdio backends.
 */
public final class Sha256 {
  private static final HexFormat HEX = HexFormat.of();
  /** One digest per thread: looking one up per audit record costs more than hashing a small record. */
  private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256::newDigest);

  private Sha256() {}

  public static String hex(byte[] bytes, int offset, int length) {
    MessageDigest md = DIGEST.get();
    md.reset();
    md.update(bytes, offset, length);
    return HEX.formatHex(md.digest());
  }

  public static String hex(byte[] bytes) {
    return hex(bytes, 0, bytes.length);
  }

  /** The hash of the text's UTF-8 bytes. */
  public static String hex(String text) {
    return hex(text.getBytes(StandardCharsets.UTF_8));
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
