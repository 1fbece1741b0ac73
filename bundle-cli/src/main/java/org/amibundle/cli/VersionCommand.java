package org.amibundle.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code version} / ec2-ami-tools-version. */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    description = "Print amibundle's version and the ec2-ami-tools release it follows.")
final class VersionCommand implements Callable<Integer> {

  private final Terminal terminal;

  VersionCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() {
    for (String line : VersionText.lines(ToolName.current())) {
      terminal.out().println(line);
    }
    return ExitCodes.OK;
  }
}
