package org.amibundle.cli;

/**
 * The name the user called: {@code amibundle} or one of the ec2-* wrappers, which set the system
 * property {@code amibundle.tool} through the launcher.
 */
final class ToolName {

  static final String PROPERTY = "amibundle.tool";

  /** The launcher's own name, used when no wrapper set another. */
  static final String DEFAULT = "amibundle";

  private ToolName() {}

  static String current() {
    return System.getProperty(PROPERTY, DEFAULT);
  }
}
