package org.amibundle.partition.mbr;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.amibundle.partition.Problem;

/**
 * The layout rules of an MBR table: partitions on the disk, apart, logicals inside the container.
 */
final class MbrChecks {

  private MbrChecks() {}

  static List<Problem> check(MbrTable t) {
    List<Problem> out = new ArrayList<>();
    List<MbrEntry> extended =
        t.partitions().stream()
            .filter(e -> e.isPrimary() && MbrTypes.isExtended(e.type()))
            .toList();
    if (extended.size() > 1) {
      out.add(
          new Problem(
              "more than one extended partition",
              "MBR",
              "at most 1",
              Integer.toString(extended.size())));
    }
    for (MbrEntry e : t.partitions()) {
      String where = "partition " + e.number();
      if (e.sectors() == 0) {
        out.add(new Problem("partition is empty", where, "at least 1 sector", "0"));
      }
      if (e.firstLba() < 1 || e.lastLba() >= t.diskSectors()) {
        out.add(
            new Problem(
                "partition outside the disk",
                where,
                "1-" + (t.diskSectors() - 1),
                e.firstLba() + "-" + e.lastLba()));
      }
      if (!e.isPrimary() && !extended.isEmpty()) {
        MbrEntry container = extended.get(0);
        if (e.firstLba() <= container.firstLba() || e.lastLba() > container.lastLba()) {
          out.add(
              new Problem(
                  "logical partition outside its extended partition",
                  where,
                  "within " + container.firstLba() + "-" + container.lastLba(),
                  e.firstLba() + "-" + e.lastLba()));
        }
      }
    }
    overlaps(t.partitions().stream().filter(MbrEntry::isPrimary).toList(), out);
    overlaps(
        t.partitions().stream()
            .filter(e -> !e.isPrimary() || !MbrTypes.isExtended(e.type()))
            .toList(),
        out);
    return List.copyOf(out);
  }

  private static void overlaps(List<MbrEntry> entries, List<Problem> out) {
    List<MbrEntry> byStart =
        entries.stream()
            .filter(e -> e.sectors() > 0)
            .sorted(Comparator.comparingLong(MbrEntry::firstLba))
            .toList();
    for (int i = 0; i + 1 < byStart.size(); i++) {
      MbrEntry a = byStart.get(i);
      MbrEntry b = byStart.get(i + 1);
      if (b.firstLba() <= a.lastLba()) {
        Problem p =
            new Problem(
                "partitions overlap",
                "partitions " + a.number() + " and " + b.number(),
                "partition " + b.number() + " to start after " + a.lastLba(),
                "starts at " + b.firstLba());
        if (!out.contains(p)) {
          out.add(p);
        }
      }
    }
  }
}
