package org.amibundle.cli;

/**
 * The name the user called: {@code amibundle} or one of the ec2-* wrappers, which set the system
 * property {@code amibundle.tool} through the launcher.
 */
final class ToolName {

  static final String PROPERTY = "amibundle.tool";

  private ToolName() {}

  static String current() {
    return System.getProperty(PROPERTY, "amibundle");
  }
}
