package org.amibundle.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Everything a command says or asks: standard output for results, standard error for warnings and
 * errors, a status line redrawn in place on standard error when it is a console, and prompts
 * (skipped with {@code --batch}) that time out after 30 seconds as the reference tools' do. With
 * {@code --quiet} only errors are printed; with {@code --json} standard output carries nothing but
 * the one JSON object of the result. The only way commands reach the process environment and the
 * only place that knows about the console.
 */
public final class Terminal {

  private static final long PROMPT_SECONDS = 30;

  private static final PrintStream DISCARD =
      new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);

  /**
   * Set by the launcher to whether standard error is a console ({@code [ -t 2 ]}); Java cannot tell
   * for standard error alone.
   */
  static final String CONSOLE_PROPERTY = "amibundle.stderr.console";

  private final PrintStream out;
  private final PrintStream err;
  private final InputStream in;
  private final Map<String, String> environment;
  private final boolean console;
  private BufferedReader reader;
  private int statusLength;
  private volatile boolean quiet;
  private volatile boolean json;

  /** A terminal whose standard error is not a console: no status line is ever shown. */
  public Terminal(
      PrintStream out, PrintStream err, InputStream in, Map<String, String> environment) {
    this(out, err, in, environment, false);
  }

  /** {@code console}: whether standard error is a console, where a status line can be redrawn. */
  public Terminal(
      PrintStream out,
      PrintStream err,
      InputStream in,
      Map<String, String> environment,
      boolean console) {
    this.out = out;
    this.err = err;
    this.in = in;
    this.environment = Map.copyOf(environment);
    this.console = console;
  }

  /**
   * The process's terminal: its standard streams and environment; standard error is a console if
   * the launcher says so, or else if Java sees a console (standard input and output).
   */
  static Terminal system() {
    String launcher = System.getProperty(CONSOLE_PROPERTY, "");
    boolean console = launcher.isEmpty() ? System.console() != null : launcher.equals("true");
    return new Terminal(System.out, System.err, System.in, System.getenv(), console);
  }

  /** What the command's {@code --quiet} and {@code --json} ask for, once its options are read. */
  void output(boolean quiet, boolean json) {
    this.quiet = quiet;
    this.json = json;
  }

  /** Standard output for what a command reports: nothing with {@code --quiet} or {@code --json}. */
  public PrintStream out() {
    return quiet || json ? DISCARD : out;
  }

  /** Standard output itself, for data (an image with --stream) and help, whatever the options. */
  public PrintStream stdout() {
    return out;
  }

  /** Standard error, for errors and prompts. */
  public PrintStream err() {
    return err;
  }

  /**
   * Standard error for what a command reports while standard output carries data: nothing with
   * {@code --quiet}.
   */
  public PrintStream notes() {
    return quiet ? DISCARD : err;
  }

  /** Whether the command was asked for {@code --json}. */
  public boolean json() {
    return json;
  }

  /**
   * With {@code --json}, prints the command's result on standard output as one JSON object of the
   * fields given; without, does nothing.
   */
  public void json(JsonResult.Fields fields) throws IOException {
    if (json) {
      JsonResult.write(out, fields);
    }
  }

  /** Whether long work shows its progress: on a console, without {@code --batch} or --quiet. */
  public boolean showsProgress(boolean batch) {
    return console && !batch && !quiet;
  }

  /** Standard input, for commands that read an image or parts from it. */
  public InputStream in() {
    return in;
  }

  public Optional<String> env(String name) {
    return Optional.ofNullable(environment.get(name)).filter(v -> !v.isEmpty());
  }

  /** Whether standard error is a console, where {@link #status} shows anything. */
  public boolean console() {
    return console;
  }

  /**
   * Shows {@code line} as the status line at the bottom of a console, replacing the one before;
   * does nothing when standard error is not a console.
   */
  public synchronized void status(String line) {
    if (!console) {
      return;
    }
    err.print("\r" + line + " ".repeat(Math.max(0, statusLength - line.length())));
    err.flush();
    statusLength = line.length();
  }

  /** Removes the status line, if one is shown, so that other output starts on a clean line. */
  public synchronized void clearStatus() {
    if (statusLength > 0) {
      err.print("\r" + " ".repeat(statusLength) + "\r");
      err.flush();
      statusLength = 0;
    }
  }

  /** Prints a warning on standard error, unless {@code --quiet}. */
  public void warn(String message) {
    if (!quiet) {
      err.println("WARNING: " + SettingFlags.rendered(message));
    }
  }

  /**
   * Asks for a value; an empty answer (or end of input) takes {@code suggested}. In batch mode the
   * suggestion is taken without asking.
   */
  public String ask(String question, String suggested, boolean batch) {
    if (batch) {
      return suggested;
    }
    prompts().print(question + " [" + suggested + "]: ");
    prompts().flush();
    String answer = readLine().trim();
    return answer.isEmpty() ? suggested : answer;
  }

  /** Asks to go on after a warning; only an answer beginning with y continues. Batch says yes. */
  public boolean confirm(String warning, boolean batch) {
    err.println(warning);
    if (batch) {
      return true;
    }
    prompts().print("Are you sure you want to continue? [y/N]: ");
    prompts().flush();
    return readLine().trim().toLowerCase(Locale.ROOT).startsWith("y");
  }

  /** Where questions go: standard output, or standard error when that carries JSON. */
  private PrintStream prompts() {
    return json ? err : out;
  }

  private String readLine() {
    if (reader == null) {
      reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread thread = new Thread(r, "amibundle-prompt");
              thread.setDaemon(true);
              return thread;
            });
    try {
      Future<String> line = executor.submit(reader::readLine);
      String answer = line.get(PROMPT_SECONDS, TimeUnit.SECONDS);
      return answer == null ? "" : answer;
    } catch (TimeoutException e) {
      throw new PromptTimeoutException();
    } catch (ExecutionException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PromptTimeoutException();
    } finally {
      executor.shutdownNow();
    }
  }
}
