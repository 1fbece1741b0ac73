package org.amibundle;

/**
 * The setup around a run is missing or wrong: no credentials, a profile that does not exist or
 * whose sign-in has expired, a configuration file that cannot be read. Trying again does not help;
 * the message names what to set up.
 */
public final class ConfigurationException extends AmiBundleException {

  public ConfigurationException(String message) {
    super(message);
  }

  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
