package dev.switchboard.cli;

import dev.switchboard.protocol.HubIdentity;
import picocli.CommandLine;

final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"switchboard " + HubIdentity.VERSION};
  }
}
