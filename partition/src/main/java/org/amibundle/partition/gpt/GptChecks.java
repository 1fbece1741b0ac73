package org.amibundle.partition.gpt;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.amibundle.partition.Problem;

/** The layout rules of a GPT: arrays outside usable space, partitions inside it and apart. */
final class GptChecks {

  private GptChecks() {}

  static void layout(GptTable t, List<Problem> out) {
    long primaryEnd = t.primaryEntriesLba() + t.entriesSectors() - 1;
    if (t.firstUsableLba() <= primaryEnd) {
      out.add(
          new Problem(
              "first usable LBA overlaps the primary entry array",
              "GPT header",
              "> " + primaryEnd,
              Long.toString(t.firstUsableLba())));
    }
    if (t.lastUsableLba() >= t.backupEntriesLba()) {
      out.add(
          new Problem(
              "last usable LBA overlaps the backup entry array",
              "GPT header",
              "< " + t.backupEntriesLba(),
              Long.toString(t.lastUsableLba())));
    }
    if (t.firstUsableLba() > t.lastUsableLba() + 1) {
      out.add(
          new Problem(
              "usable space is negative",
              "GPT header",
              "first usable <= last usable + 1",
              t.firstUsableLba() + " > " + t.lastUsableLba() + " + 1"));
    }
    Set<java.util.UUID> guids = new HashSet<>();
    for (GptEntry e : t.partitions()) {
      String where = "partition " + e.number();
      if (Long.compareUnsigned(e.firstLba(), e.lastLba()) > 0) {
        out.add(
            new Problem(
                "partition ends before it starts",
                where,
                "first LBA <= last LBA",
                Long.toUnsignedString(e.firstLba()) + " > " + Long.toUnsignedString(e.lastLba())));
      }
      if (Long.compareUnsigned(e.firstLba(), t.firstUsableLba()) < 0
          || Long.compareUnsigned(e.lastLba(), t.lastUsableLba()) > 0) {
        out.add(
            new Problem(
                "partition outside the usable space",
                where,
                t.firstUsableLba() + "-" + t.lastUsableLba(),
                Long.toUnsignedString(e.firstLba()) + "-" + Long.toUnsignedString(e.lastLba())));
      }
      if (e.guid().equals(GptTypes.UNUSED)) {
        out.add(
            new Problem(
                "unique partition GUID is zero", where, "a non-zero GUID", e.guid().toString()));
      } else if (!guids.add(e.guid())) {
        out.add(
            new Problem(
                "unique partition GUID is used twice",
                where,
                "a GUID of its own",
                e.guid().toString()));
      }
    }
    List<GptEntry> byStart =
        t.partitions().stream()
            .sorted(Comparator.comparing(GptEntry::firstLba, Long::compareUnsigned))
            .toList();
    for (int i = 0; i + 1 < byStart.size(); i++) {
      GptEntry a = byStart.get(i);
      GptEntry b = byStart.get(i + 1);
      if (Long.compareUnsigned(b.firstLba(), a.lastLba()) <= 0) {
        out.add(
            new Problem(
                "partitions overlap",
                "partitions " + a.number() + " and " + b.number(),
                "partition " + b.number() + " to start after " + Long.toUnsignedString(a.lastLba()),
                "starts at " + Long.toUnsignedString(b.firstLba())));
      }
    }
  }
}
