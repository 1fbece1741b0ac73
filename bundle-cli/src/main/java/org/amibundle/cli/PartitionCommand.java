package org.amibundle.cli;

import java.util.concurrent.Callable;
import org.amibundle.UsageException;
import picocli.CommandLine.Command;

/** {@code partition}: the group of partition-table commands ({@code partition verify}). */
@Command(
    name = "partition",
    mixinStandardHelpOptions = true,
    description = "Partition table tools: verify.")
final class PartitionCommand implements Callable<Integer> {

  @Override
  public Integer call() throws UsageException {
    throw new UsageException("give a partition command: amibundle partition verify IMAGE|DEVICE");
  }
}
