package dev.switchboard.cli;

import dev.switchboard.protocol.HubIdentity;
import picocli.CommandLine;

/** What {@code --version} prints: the version and the git commit, both stamped at build time. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"switchboard " + HubIdentity.VERSION + " (commit " + HubIdentity.COMMIT + ")"};
  }
}
