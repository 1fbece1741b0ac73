package org.amibundle.bundle.verify;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link BundleVerifier#verify}: every check that was run, in order.
 *
 * <p>Thread safety: immutable (its lists are unmodifiable copies), so it may be shared between
 * threads.
 *
 * @param checks the checks run; a check that could not be run is not listed
 */
public record VerifyReport(List<Check> checks) {

  public VerifyReport {
    checks = List.copyOf(checks);
  }

  /** Whether every check passed (and at least one was run). */
  public boolean passed() {
    return !checks.isEmpty() && checks.stream().allMatch(Check::passed);
  }

  /** The checks that failed. */
  public List<Check> failures() {
    return checks.stream().filter(check -> !check.passed()).toList();
  }

  /**
   * One check.
   *
   * @param name what was checked: {@code signature}, {@code part <file name>}, {@code
   *     bundled_size}, {@code key}, {@code image digest}
   * @param passed whether it held
   * @param detail what was found, or why it failed and what to do
   */
  public record Check(String name, boolean passed, String detail) {

    public Check {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(detail, "detail");
      if (name.isBlank()) {
        throw new IllegalArgumentException("a check needs a name, got a blank one");
      }
    }

    static Check pass(String name, String detail) {
      return new Check(name, true, detail);
    }

    static Check fail(String name, String detail) {
      return new Check(name, false, detail);
    }
  }
}
