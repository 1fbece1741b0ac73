package org.amibundle.cli;

import org.amibundle.bundle.volume.Partitioning;
import picocli.CommandLine.ITypeConverter;

/** {@code -P none|mbr|gpt|auto}. */
final class PartitioningConverter implements ITypeConverter<Partitioning> {
  @Override
  public Partitioning convert(String value) {
    return Partitioning.parse(value);
  }
}
