package dev.switchboard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code switchboard <command>}: the hub's one entry point. */
@Command(name = "switchboard", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "A tailnet-only MCP hub: one endpoint, per-tool grants, rate limits, audit.",
    subcommands = {ServeCommand.class, ConfigCommand.class, AuditCommand.class, ConnectCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    int code = new CommandLine(new Main()).execute(args);
    if (code != 0 || !ServeCommand.isServing()) {
      System.exit(code);
    }
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }
}
