package org.amibundle.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.amibundle.UsageException;
import org.amibundle.bundle.Preparation;
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

  /** Set once a signal stops the process: what fails after it is the stop, not an error. */
  private static volatile boolean stopping;

  public static void main(String[] args) {
    onSignal("INT", "interrupted", ExitCodes.INTERRUPTED);
    onSignal("TERM", "terminated", ExitCodes.TERMINATED);
    System.exit(run(Terminal.system(), args));
  }

  /**
   * On {@code signal}: one line on standard error, then the exit (the shutdown hooks remove what
   * the run had not finished, see {@code CleanupOnExit}). A second signal during that exit does
   * nothing more.
   */
  private static void onSignal(String signal, String what, int exitCode) {
    Signal.handle(
        new Signal(signal),
        received -> {
          synchronized (Main.class) {
            if (stopping) {
              return;
            }
            stopping = true;
          }
          System.err.println(ToolName.current() + " " + what + ".");
          System.err.flush();
          Runtime.getRuntime().exit(exitCode);
        });
  }

  /** Runs one command line; returns the exit code. */
  public static int run(Terminal terminal, String... args) {
    String command = args.length > 0 ? args[0] : "";
    prepareInBackground(command);
    CommandLine line = commandLine(terminal, command);
    int code = line.execute(args);
    terminal.out().flush();
    terminal.err().flush();
    return code;
  }

  /**
   * Starts what the named command will need whatever its arguments (the native libraries) on a
   * daemon thread, so that it overlaps picocli's reading of the command line on a second core. A
   * failure there is left for the command to meet on its own path.
   */
  private static void prepareInBackground(String command) {
    Runnable preparation =
        switch (command) {
          case "bundle-image", "bundle-vol", "bundle-and-upload" -> Preparation::bundling;
          case "unbundle", "download-and-unbundle", "convert" -> Preparation::unbundling;
          default -> null;
        };
    if (preparation == null) {
      return;
    }
    Thread thread =
        new Thread(
            () -> {
              try {
                preparation.run();
              } catch (RuntimeException | LinkageError e) {
                // the command meets it again where it needs what failed, and reports it there
              }
            },
            "amibundle-prepare");
    thread.setDaemon(true);
    thread.start();
  }

  /** Every command by name, built only when asked for: picocli reads each one by reflection. */
  private static Map<String, Supplier<CommandLine>> commands(Terminal terminal) {
    Map<String, Supplier<CommandLine>> commands = new LinkedHashMap<>();
    commands.put("bundle-image", () -> new CommandLine(new BundleImageCommand(terminal)));
    commands.put("bundle-vol", () -> new CommandLine(new BundleVolCommand(terminal)));
    commands.put("unbundle", () -> new CommandLine(new UnbundleCommand(terminal)));
    commands.put("upload-bundle", () -> new CommandLine(new UploadBundleCommand(terminal)));
    commands.put(
        "bundle-and-upload", () -> new CommandLine(new BundleAndUploadCommand(terminal)));
    commands.put("download-bundle", () -> new CommandLine(new DownloadBundleCommand(terminal)));
    commands.put("delete-bundle", () -> new CommandLine(new DeleteBundleCommand(terminal)));
    commands.put(
        "download-and-unbundle", () -> new CommandLine(new DownloadAndUnbundleCommand(terminal)));
    commands.put("verify-bundle", () -> new CommandLine(new VerifyBundleCommand(terminal)));
    commands.put("migrate-manifest", () -> new CommandLine(new MigrateManifestCommand(terminal)));
    commands.put("convert", () -> new CommandLine(new ConvertCommand(terminal)));
    commands.put("migrate-bundle", () -> new CommandLine(new MigrateBundleCommand(terminal)));
    commands.put(
        "partition",
        () ->
            new CommandLine(new PartitionCommand())
                .addSubcommand(new PartitionVerifyCommand(terminal)));
    commands.put("version", () -> new CommandLine(new VersionCommand(terminal)));
    return commands;
  }

  /**
   * The command line for a run whose first argument is {@code first}: only that command when it
   * names one (start-up stays short), every command otherwise (for help and errors).
   */
  private static CommandLine commandLine(Terminal terminal, String first) {
    CommandLine line = new CommandLine(new Main());
    Map<String, Supplier<CommandLine>> commands = commands(terminal);
    if (commands.containsKey(first)) {
      line.addSubcommand(first, commands.get(first).get());
    } else {
      commands.forEach((name, command) -> line.addSubcommand(name, command.get()));
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
          if (stopping) {
            return ExitCodes.ERROR; // the exit code is the signal's; its line is printed
          }
          terminal.err().println("ERROR: " + failure.getMessage());
          if (failure instanceof UsageException) {
            terminal.err().println("Try '" + ToolName.current() + " --help'");
          }
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
