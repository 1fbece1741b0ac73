package org.amibundle.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Callable;
import org.amibundle.LocalIoException;
import org.amibundle.NotFoundException;
import org.amibundle.UsageException;
import org.amibundle.cli.options.CommonOptions;
import org.amibundle.partition.PartitionTables;
import org.amibundle.partition.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code partition verify}: every problem of a disk image's or device's MBR or GPT. */
@Command(
    name = "verify",
    description = {
      "Check the MBR or GPT of a disk image or block device and report every problem.",
      "",
      "--json prints {disk, problems: [text]}, also when problems were found."
    })
final class PartitionVerifyCommand implements Callable<Integer> {

  private final Terminal terminal;

  @Mixin CommonOptions common;

  @Parameters(index = "0", arity = "0..1", paramLabel = "IMAGE|DEVICE", description = "The disk.")
  Path disk;

  @Option(
      names = "--sector-size",
      paramLabel = "BYTES",
      defaultValue = "512",
      description = "Logical sector size: 512 or 4096 (default: ${DEFAULT-VALUE}).")
  int sectorSize;

  PartitionVerifyCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws IOException {
    if (common.manual()) {
      return Manual.print(terminal, common.command());
    }
    if (disk == null) {
      throw new UsageException("give the disk image or device to verify");
    }
    if (!Files.exists(disk)) {
      throw new NotFoundException(disk + " does not exist");
    }
    List<Problem> problems;
    try (FileChannel channel = FileChannel.open(disk, StandardOpenOption.READ)) {
      problems = PartitionTables.verify(channel, channel.size(), sectorSize);
    } catch (LocalIoException e) {
      throw e;
    } catch (IOException e) {
      throw new LocalIoException("cannot read " + disk + ": " + e.getMessage(), e);
    }
    terminal.json(
        json -> {
          json.writeStringField("disk", disk.toString());
          json.writeArrayFieldStart("problems");
          for (Problem problem : problems) {
            json.writeString(problem.toString());
          }
          json.writeEndArray();
        });
    if (problems.isEmpty()) {
      terminal.out().println(disk + ": no problems found.");
      return ExitCodes.OK;
    }
    problems.forEach(problem -> terminal.out().println(problem));
    terminal.err().println("ERROR: " + disk + ": " + problems.size() + " problem(s) found.");
    return ExitCodes.ERROR;
  }
}
