package org.amibundle.cli.options;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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

  /** The command these options belong to (for its manual). */
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(
      names = "--quiet",
      description = "Print nothing but errors: no messages, warnings or progress.")
  boolean quiet;

  @Option(
      names = "--json",
      description =
          "Print the result as one JSON object on standard output, and nothing else there"
              + " (its fields are listed above).")
  boolean json;

  public boolean manual() {
    return manual;
  }

  public CommandSpec command() {
    return command;
  }

  public boolean batch() {
    return batch;
  }

  public boolean debug() {
    return debug;
  }
}
