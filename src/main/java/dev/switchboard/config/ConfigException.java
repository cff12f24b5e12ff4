package dev.switchboard.config;

/** A configuration that cannot be used; the message names the file, the key and the problem. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
