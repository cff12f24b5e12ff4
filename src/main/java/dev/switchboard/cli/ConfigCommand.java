package dev.switchboard.cli;

import dev.switchboard.config.ConfigException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code switchboard config check FILE}: validates a config without starting anything. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Work with configuration files.",
    subcommands = ConfigCommand.Check.class)
final class ConfigCommand implements Runnable {
  @Override
  public void run() {
    System.err.println("usage: switchboard config check FILE");
  }

  @Command(name = "check", mixinStandardHelpOptions = true, description = "Validate a config file.")
  static final class Check implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "the YAML config to check")
    Path file;

    @Override
    public Integer call() {
      try {
        var cfg = ConfigSource.load(file);
        if (cfg.audit().enabled()) { // what serve reads from outside the file: the audit key, if one is named
          dev.switchboard.audit.AuditKeys.load(cfg.audit().keyEnv(), cfg.audit().keyFile(), System::getenv);
        }
        System.out.println(file + ": OK (" + cfg.backends().size() + " backends, listening on "
            + cfg.listen().host() + ":" + cfg.listen().port() + cfg.listen().path() + ")");
        return 0;
      } catch (ConfigException e) {
        System.err.println("switchboard: " + e.getMessage());
        return 2;
      }
    }
  }
}
