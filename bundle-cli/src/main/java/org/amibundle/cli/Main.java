package org.amibundle.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;
import sun.misc.Signal;

/**
 * The {@code amibundle} launcher: {@code amibundle <command> [options]}. The ec2-* wrappers call it
 * with the matching command. {@link #run} is the whole program, for tests; {@link #main} adds only
 * the process: standard streams, environment, Ctrl-C and the exit code.
 */
@Command(
    name = "amibundle",
    description = "Bundle, unbundle and move instance-store AMIs (ec2-ami-tools compatible).",
    mixinStandardHelpOptions = true,
    versionProvider = VersionText.class)
public final class Main {

  public static void main(String[] args) {
    Signal.handle(
        new Signal("INT"),
        signal -> {
          System.err.println(ToolName.current() + " interrupted.");
          Runtime.getRuntime().exit(ExitCodes.INTERRUPTED);
        });
    Terminal terminal = new Terminal(System.out, System.err, System.in, System.getenv());
    System.exit(run(terminal, args));
  }

  /** Runs one command line; returns the exit code. */
  public static int run(Terminal terminal, String... args) {
    CommandLine line = commandLine(terminal);
    int code = line.execute(args);
    terminal.out().flush();
    terminal.err().flush();
    return code;
  }

  static CommandLine commandLine(Terminal terminal) {
    CommandLine line = new CommandLine(new Main());
    line.addSubcommand(new BundleImageCommand(terminal));
    line.addSubcommand(new UnbundleCommand(terminal));
    line.addSubcommand(new UploadBundleCommand(terminal));
    line.addSubcommand(new DownloadBundleCommand(terminal));
    line.addSubcommand(new DeleteBundleCommand(terminal));
    line.addSubcommand(new DownloadAndUnbundleCommand(terminal));
    line.addSubcommand(new VerifyBundleCommand(terminal));
    line.addSubcommand(new MigrateManifestCommand(terminal));
    line.addSubcommand(
        "partition",
        new CommandLine(new PartitionCommand())
            .addSubcommand(new PartitionVerifyCommand(terminal)));
    line.addSubcommand(new VersionCommand(terminal));
    for (String name : NotBuiltCommand.NAMES) {
      line.addSubcommand(name, new NotBuiltCommand(terminal));
    }
    for (CommandLine sub : line.getSubcommands().values()) {
      sub.getCommandSpec().versionProvider(new VersionText());
    }
    line.setAbbreviatedOptionsAllowed(true);
    line.setOut(new PrintWriter(terminal.out(), true));
    line.setErr(new PrintWriter(terminal.err(), true));
    line.setParameterExceptionHandler(
        (failure, args) -> {
          terminal.err().println(failure.getMessage());
          terminal.err().println("Try '" + ToolName.current() + " --help'");
          return ExitCodes.USAGE;
        });
    line.setExecutionExceptionHandler(
        (failure, command, parsed) -> {
          terminal.err().println("ERROR: " + failure.getMessage());
          if (debug(parsed)) {
            failure.printStackTrace(terminal.err());
          }
          return ExitCodes.of(failure);
        });
    return line;
  }

  private static boolean debug(ParseResult parsed) {
    ParseResult last = parsed;
    while (last.hasSubcommand()) {
      last = last.subcommand();
    }
    return last.hasMatchedOption("--debug");
  }
}
