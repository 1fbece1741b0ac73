package org.amibundle.partition;

import java.util.List;

/**
 * A partition table: {@link org.amibundle.partition.mbr.MbrTable} or {@link
 * org.amibundle.partition.gpt.GptTable}, nothing else. (Not {@code sealed}: Java allows sealed
 * types to permit classes of other packages only inside a named module, and the schemes keep their
 * own packages.)
 */
public interface PartitionTable {

  /** The logical sector size the table is laid out for. */
  int sectorSize();

  /** Sectors of the disk the table describes. */
  long diskSectors();

  /** Every inconsistency of the table itself; empty when it is sound. Never throws. */
  List<Problem> verify();

  /** The bytes that make up the table on disk, in the order they should be written. */
  List<SectorRun> toSectors() throws org.amibundle.BadInputException;
}
