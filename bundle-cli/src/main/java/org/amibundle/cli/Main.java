package org.amibundle.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.amibundle.Printable;
import org.amibundle.UsageException;
import org.amibundle.bundle.Preparation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.RunLast;
import picocli.CommandLine.UnmatchedArgumentException;
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
    int code;
    try {
      code = line.execute(args);
    } catch (Error e) {
      code = failed(terminal, e, Arrays.asList(args).contains("--debug"));
    }
    terminal.stdout().flush();
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
    commands.put("bundle-and-upload", () -> new CommandLine(new BundleAndUploadCommand(terminal)));
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
  static CommandLine commandLine(Terminal terminal, String first) {
    CommandLine line = new CommandLine(new Main());
    Map<String, Supplier<CommandLine>> commands = commands(terminal);
    if (commands.containsKey(first)) {
      line.addSubcommand(first, commands.get(first).get());
    } else {
      commands.forEach((name, command) -> line.addSubcommand(name, command.get()));
      line.addSubcommand("help", new HelpCommand());
    }
    versionEverywhere(line);
    line.setAbbreviatedOptionsAllowed(true);
    line.setOut(new PrintWriter(terminal.stdout(), true));
    line.setErr(new PrintWriter(terminal.err(), true));
    Handlers handlers = new Handlers(terminal);
    line.setExecutionStrategy(handlers);
    line.setParameterExceptionHandler(handlers);
    line.setExecutionExceptionHandler(handlers);
    return line;
  }

  /**
   * How a parsed command runs and how its failures are reported. A class, not three lambdas:
   * picocli's interfaces are of an old class file version, which class data sharing archives only
   * while nothing links them as it makes the archive, as the lambdas' proxies would.
   */
  private record Handlers(Terminal terminal)
      implements IExecutionStrategy, IParameterExceptionHandler, IExecutionExceptionHandler {
    @Override
    public int execute(ParseResult parsed) {
      ParseResult command = last(parsed);
      terminal.output(command.hasMatchedOption("--quiet"), command.hasMatchedOption("--json"));
      return new RunLast().execute(parsed);
    }

    @Override
    public int handleParseException(ParameterException failure, String[] args) {
      terminal.err().println(shown(failure.getMessage()));
      suggestion(failure).ifPresent(terminal.err()::println);
      terminal.err().println(helpHint(failure.getCommandLine()));
      return ExitCodes.USAGE;
    }

    @Override
    public int handleExecutionException(
        Exception failure, CommandLine command, ParseResult parsed) {
      if (stopping) {
        return ExitCodes.ERROR; // the exit code is the signal's; its line is printed
      }
      String message = SettingFlags.rendered(String.valueOf(failure.getMessage()));
      terminal.err().println("ERROR: " + shown(message));
      if (failure instanceof UsageException || failure instanceof IllegalArgumentException) {
        terminal.err().println(helpHint(command));
      }
      if (debug(parsed)) {
        failure.printStackTrace(terminal.err());
      }
      return ExitCodes.of(failure);
    }
  }

  /**
   * A Java {@link Error} that left a command (out of memory, a broken native library), which
   * picocli hands on: one line and {@link ExitCodes#ERROR}, the trace only with {@code --debug}.
   * What the command was writing has been removed on the way out, as for any failure.
   */
  static int failed(Terminal terminal, Error e, boolean debug) {
    String what =
        e.getMessage() == null
            ? e.getClass().getSimpleName()
            : e.getClass().getSimpleName() + ": " + e.getMessage();
    terminal
        .err()
        .println(
            "ERROR: the command stopped ("
                + what
                + "); nothing it was writing is kept. If the input is a real bundle, give Java more"
                + " memory (AMIBUNDLE_JAVA_OPTS=-Xmx...) and run it again; --debug shows where it"
                + " happened");
    if (debug) {
      e.printStackTrace(terminal.err());
    }
    return ExitCodes.ERROR;
  }

  /** Gives every command and subcommand under {@code line} the version text. */
  private static void versionEverywhere(CommandLine line) {
    for (CommandLine sub : line.getSubcommands().values()) {
      sub.getCommandSpec().versionProvider(new VersionText());
      versionEverywhere(sub);
    }
  }

  /**
   * "Did you mean bundle-image?" for a mistyped command or option: of the names picocli finds
   * alike, those fewest edits away from what was typed.
   */
  private static Optional<String> suggestion(ParameterException failure) {
    if (!(failure instanceof UnmatchedArgumentException unmatched)
        || unmatched.getSuggestions().isEmpty()
        || unmatched.getUnmatched().isEmpty()) {
      return Optional.empty();
    }
    String typed = unmatched.getUnmatched().get(0).split("=", 2)[0];
    int best =
        unmatched.getSuggestions().stream()
            .mapToInt(name -> edits(typed, name))
            .min()
            .orElseThrow();
    List<String> closest =
        unmatched.getSuggestions().stream().filter(name -> edits(typed, name) == best).toList();
    return Optional.of("Did you mean " + String.join(" or ", closest) + "?");
  }

  /** The Levenshtein distance: characters inserted, deleted or replaced to make {@code b}. */
  static int edits(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int replace = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(replace, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /**
   * Where to read more after a usage error: the help of the command that failed, under the name it
   * was called by (an ec2-* wrapper stands for its command).
   */
  private static String helpHint(CommandLine command) {
    String name =
        ToolName.current().equals(ToolName.DEFAULT)
            ? command.getCommandSpec().qualifiedName()
            : ToolName.current();
    return "Try '" + name + " --help'";
  }

  /**
   * A failure's message with the control characters of each line escaped: a message spans lines
   * only where amibundle breaks it (a list of problems); a name that got into it unescaped cannot
   * send an escape sequence to the terminal. Names are escaped where they are put in ({@link
   * Printable}), which also covers their newlines.
   */
  static String shown(String message) {
    return Arrays.stream(String.valueOf(message).split("\n", -1))
        .map(Printable::of)
        .collect(Collectors.joining("\n"));
  }

  private static boolean debug(ParseResult parsed) {
    return last(parsed).hasMatchedOption("--debug");
  }

  /** The parse result of the command that runs: the last subcommand. */
  private static ParseResult last(ParseResult parsed) {
    ParseResult last = parsed;
    while (last.hasSubcommand()) {
      last = last.subcommand();
    }
    return last;
  }
}
