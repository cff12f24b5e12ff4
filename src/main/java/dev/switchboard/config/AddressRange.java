package dev.switchboard.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IP address or a CIDR range ({@code 127.0.0.1}, {@code ::1}, {@code 100.64.0.0/10}, {@code fd7a::/48}),
 * compared as addresses, never as text: a peer on IPv6 loopback is reported as {@code 0:0:0:0:0:0:0:1},
 * which no string comparison with {@code ::1} would match. IPv4-mapped IPv6 addresses count as IPv4.
 */
public record AddressRange(byte[] network, int prefixBits) {
  /** Dotted IPv4, or anything with a colon (IPv6): never a name, so no name is ever looked up. */
  private static final Pattern LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

  /** Parses an address or range; throws {@link IllegalArgumentException} saying what is wrong. */
  public static AddressRange parse(String text) {
    int slash = text.indexOf('/');
    InetAddress address = literal(slash < 0 ? text : text.substring(0, slash))
        .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not an IP address or CIDR range"));
    int max = address.getAddress().length * 8;
    int bits = max;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(text.substring(slash + 1));
      } catch (NumberFormatException e) {
        bits = -1;
      }
      if (bits < 0 || bits > max) {
        throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + max);
      }
    }
    return new AddressRange(address.getAddress(), bits);
  }

  /** A textual IP address as an address, without any name lookup; empty when it is not one. */
  public static java.util.Optional<InetAddress> literal(String text) {
    if (text == null || !LITERAL.matcher(text).matches()) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(InetAddress.getByName(text));
    } catch (UnknownHostException e) {
      return java.util.Optional.empty();
    }
  }

  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    if (a.length != network.length) {
      return false;
    }
    int whole = prefixBits / 8;
    for (int i = 0; i < whole; i++) {
      if (a[i] != network[i]) {
        return false;
      }
    }
    int rest = prefixBits % 8;
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return rest == 0 || ((a[whole] ^ network[whole]) & mask) == 0;
  }
}
