package io.meseta.cli.config;

/** A configuration value that cannot be used; the message names the key and the source. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
