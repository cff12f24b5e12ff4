package dev.switchboard.cli;

import dev.switchboard.bridge.Bridge;
import dev.switchboard.bridge.BridgeOptions;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.Durations;
import dev.switchboard.config.EnvReferences;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code switchboard connect HUB_URL}: the local stdio bridge an MCP client launches. stdout carries MCP
 * only; everything else goes to stderr.
 */
@Command(name = "connect", mixinStandardHelpOptions = true,
    description = "Bridge a stdio MCP client (stdin/stdout) to a Switchboard hub over the tailnet.")
final class ConnectCommand implements Callable<Integer> {
  @Parameters(paramLabel = "HUB_URL", description = "the hub's MCP endpoint, e.g. http://switchboard.tail1234.ts.net/mcp")
  String url;

  @Option(names = {"-H", "--header"}, paramLabel = "NAME: VALUE",
      description = "extra header on every request; ${ENV_VAR} in the value is expanded (repeatable)")
  List<String> headers = List.of();

  @Option(names = "--timeout", defaultValue = "120s", description = "wait this long for the hub to start answering a request (default ${DEFAULT-VALUE})")
  String timeout;

  @Option(names = "--connect-timeout", defaultValue = "5s", description = "TCP connect timeout (default ${DEFAULT-VALUE})")
  String connectTimeout;

  @Option(names = "--insecure-dev", description = "allow plain HTTP to a host outside loopback and the tailnet")
  boolean insecureDev;

  @Override
  public Integer call() throws Exception {
    BridgeOptions options;
    try {
      Map<String, String> h = new LinkedHashMap<>();
      for (String header : headers) {
        int colon = header.indexOf(':');
        if (colon <= 0) {
          throw new ConfigException("--header '" + header + "' is not 'Name: value'");
        }
        String name = header.substring(0, colon).strip();
        h.put(name, EnvReferences.expand(header.substring(colon + 1).strip(), System::getenv, "--header " + name));
      }
      options = BridgeOptions.of(url, h, Durations.Value.parse(timeout).duration(),
          Durations.Value.parse(connectTimeout).duration(), insecureDev);
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println("switchboard connect: " + e.getMessage());
      return 2;
    }
    Bridge bridge = new Bridge(options, System.out);
    Runtime.getRuntime().addShutdownHook(new Thread(bridge::shutdown, "switchboard-bridge-stop"));
    bridge.run(System.in);
    return 0;
  }
}
