package org.amibundle.partition;

import java.util.Objects;

/**
 * One thing wrong with a partition table, as {@code verify} reports it: what is wrong, where (a
 * structure and sector, or a partition number), what was expected and what was found.
 *
 * @param what the rule that is broken, e.g. "primary GPT header CRC32"
 * @param where the structure it concerns, e.g. "LBA 1" or "partition 2"
 * @param expected the value the rule requires
 * @param actual the value found
 */
public record Problem(String what, String where, String expected, String actual) {

  public Problem {
    Objects.requireNonNull(what, "what");
    Objects.requireNonNull(where, "where");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(actual, "actual");
  }

  /** One line for a report: {@code where: what: expected E, found A}. */
  @Override
  public String toString() {
    return where + ": " + what + ": expected " + expected + ", found " + actual;
  }
}
