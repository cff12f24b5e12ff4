package dev.switchboard.cli;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.HubConfig;
import java.nio.file.Path;

/** The config a command runs with: the given file, or the embedded default. */
final class ConfigSource {
  private ConfigSource() {}

  static HubConfig load(Path file) {
    ConfigLoader loader = new ConfigLoader();
    return file == null ? loader.loadEmbedded() : loader.load(file);
  }
}
