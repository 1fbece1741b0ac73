package org.amibundle.cli;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
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
 * errors, and prompts (skipped with {@code --batch}) that time out after 30 seconds as the
 * reference tools' do. The only way commands reach the process environment.
 */
public final class Terminal {

  private static final long PROMPT_SECONDS = 30;

  private final PrintStream out;
  private final PrintStream err;
  private final InputStream in;
  private final Map<String, String> environment;
  private BufferedReader reader;

  public Terminal(PrintStream out, PrintStream err, InputStream in, Map<String, String> environment) {
    this.out = out;
    this.err = err;
    this.in = in;
    this.environment = Map.copyOf(environment);
  }

  public PrintStream out() {
    return out;
  }

  public PrintStream err() {
    return err;
  }

  /** Standard input, for commands that read an image or parts from it. */
  public InputStream in() {
    return in;
  }

  public Optional<String> env(String name) {
    return Optional.ofNullable(environment.get(name)).filter(v -> !v.isEmpty());
  }

  public void warn(String message) {
    err.println("WARNING: " + message);
  }

  /**
   * Asks for a value; an empty answer (or end of input) takes {@code suggested}. In batch mode the
   * suggestion is taken without asking.
   */
  public String ask(String question, String suggested, boolean batch) {
    if (batch) {
      return suggested;
    }
    out.print(question + " [" + suggested + "]: ");
    out.flush();
    String answer = readLine().trim();
    return answer.isEmpty() ? suggested : answer;
  }

  /** Asks to go on after a warning; only an answer beginning with y continues. Batch says yes. */
  public boolean confirm(String warning, boolean batch) {
    err.println(warning);
    if (batch) {
      return true;
    }
    out.print("Are you sure you want to continue? [y/N]: ");
    out.flush();
    return readLine().trim().toLowerCase(Locale.ROOT).startsWith("y");
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
