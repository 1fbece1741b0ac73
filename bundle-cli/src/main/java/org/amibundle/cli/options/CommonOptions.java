package org.amibundle.cli.options;

import picocli.CommandLine.Option;

/** Options every ec2-ami-tools command takes (docs/commands.md, "Common options"). */
public final class CommonOptions {

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Print this option summary and exit.")
  boolean help;

  @Option(names = "--version", versionHelp = true, description = "Print the version and exit.")
  boolean version;

  @Option(names = "--manual", help = true, description = "Print the manual and exit.")
  boolean manual;

  @Option(
      names = "--batch",
      description = "Never prompt: take detected values and answer yes to confirmations.")
  boolean batch;

  @Option(
      names = "--debug",
      description = "Print what is done and, on failure, the stack trace (never key material).")
  boolean debug;

  public boolean manual() {
    return manual;
  }

  public boolean batch() {
    return batch;
  }

  public boolean debug() {
    return debug;
  }
}
