package org.amibundle.cli;

/** Nobody answered a prompt in time (exit code 5, as ec2-ami-tools). */
final class PromptTimeoutException extends RuntimeException {

  PromptTimeoutException() {
    super("Timed out waiting for user input");
  }
}
