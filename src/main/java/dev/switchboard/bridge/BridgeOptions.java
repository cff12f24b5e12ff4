package dev.switchboard.bridge;

import dev.switchboard.config.ConfigException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;

/**
 * How the bridge reaches the hub. Plain HTTP is allowed only where WireGuard (or the machine itself)
 * already protects the bytes: loopback, tailnet addresses (100.64.0.0/10, fd7a:115c:a1e0::/48) and
 * MagicDNS names ({@code *.ts.net}); anything else needs HTTPS, or {@code --insecure-dev} said out loud.
 */
public record BridgeOptions(URI hub, Map<String, String> headers, Duration timeout, Duration connectTimeout) {

  public static BridgeOptions of(String url, Map<String, String> headers, Duration timeout, Duration connectTimeout,
      boolean insecureDev) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("hub URL '" + url + "' is not a URL: " + e.getMessage());
    }
    if (uri.getScheme() == null || uri.getHost() == null
        || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
      throw new ConfigException("hub URL '" + url + "' must be http(s)://host[:port]/path, e.g. http://hub.tail1234.ts.net/mcp");
    }
    if (uri.getScheme().equals("http") && !insecureDev && !encryptedByTheTailnet(uri.getHost())) {
      throw new ConfigException("plain HTTP to " + uri.getHost() + " would cross an untrusted network: use https://, "
          + "a tailnet address or *.ts.net name, or --insecure-dev if you really mean it");
    }
    return new BridgeOptions(uri, Map.copyOf(headers), timeout, connectTimeout);
  }

  static boolean encryptedByTheTailnet(String host) {
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (h.equals("localhost") || h.endsWith(".ts.net")) {
      return true;
    }
    if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false; // a name we would have to resolve: not provably on the tailnet
    }
    try {
      byte[] a = InetAddress.getByName(h).getAddress();
      if (InetAddress.getByAddress(a).isLoopbackAddress()) {
        return true;
      }
      if (a.length == 4) {
        return (a[0] & 0xff) == 100 && (a[1] & 0xc0) == 64; // 100.64.0.0/10 (CGNAT range Tailscale uses)
      }
      return (a[0] & 0xff) == 0xfd && (a[1] & 0xff) == 0x7a && (a[2] & 0xff) == 0x11 && (a[3] & 0xff) == 0x5c
          && (a[4] & 0xff) == 0xa1 && (a[5] & 0xff) == 0xe0; // fd7a:115c:a1e0::/48
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
