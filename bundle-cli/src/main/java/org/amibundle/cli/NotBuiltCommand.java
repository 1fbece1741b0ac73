package org.amibundle.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.amibundle.bundle.AmiBundleVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A reference command amibundle does not have yet: it says so and exits with {@link
 * ExitCodes#ERROR}, so that scripts calling a drop-in wrapper fail loudly instead of silently.
 */
@Command(description = "Not available in this version of amibundle.")
final class NotBuiltCommand implements Callable<Integer> {

  /** Reference commands still to come, by their amibundle name. */
  static final List<String> NAMES = List.of("bundle-vol");

  private final Terminal terminal;

  @Spec CommandSpec spec;

  /** Whatever the reference command would take: accepted, so that the message below is shown. */
  @Unmatched List<String> arguments;

  NotBuiltCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() {
    terminal
        .err()
        .println(
            "ERROR: "
                + ToolName.current()
                + " ("
                + spec.name()
                + ") is not available in amibundle "
                + AmiBundleVersion.version()
                + " yet; use the reference ec2-ami-tools for it meanwhile.");
    return ExitCodes.ERROR;
  }
}
