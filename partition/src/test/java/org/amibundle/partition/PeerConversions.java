package org.amibundle.partition;

import java.util.List;
import java.util.Locale;
import org.amibundle.partition.gpt.GptTable;
import org.amibundle.partition.mbr.MbrTable;

/** Our tables in sfdisk's terms, to compare with {@link Images#sfdiskDump}. */
final class PeerConversions {

  private PeerConversions() {}

  static List<Images.Dumped> dumped(PartitionTable table) {
    if (table instanceof GptTable gpt) {
      return gpt.partitions().stream()
          .map(
              e ->
                  new Images.Dumped(
                      e.number(),
                      e.firstLba(),
                      e.sectors(),
                      e.type().toString().toUpperCase(Locale.ROOT),
                      e.guid().toString().toUpperCase(Locale.ROOT),
                      e.name().isEmpty() ? null : e.name(),
                      false))
          .toList();
    }
    MbrTable mbr = (MbrTable) table;
    return mbr.partitions().stream()
        .map(
            e ->
                new Images.Dumped(
                    e.number(),
                    e.firstLba(),
                    e.sectors(),
                    Integer.toHexString(e.type()).toUpperCase(Locale.ROOT),
                    null,
                    null,
                    e.bootable()))
        .toList();
  }

  static List<Images.Dumped> sorted(List<Images.Dumped> parts) {
    return parts.stream().sorted(java.util.Comparator.comparingInt(Images.Dumped::number)).toList();
  }
}
