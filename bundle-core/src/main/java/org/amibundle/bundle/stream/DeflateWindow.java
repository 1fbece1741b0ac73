package org.amibundle.bundle.stream;

import java.util.zip.Inflater;

/**
 * The last 32 KiB of inflated output: all a deflate back-reference can reach, so an inflater given
 * them as dictionary can go on from here.
 */
final class DeflateWindow {

  private static final int SIZE = 1 << 15;

  private final byte[] window = new byte[SIZE];
  private int length;

  /** Keeps the last bytes of {@code output} (the next {@code n} bytes of the stream). */
  void keep(byte[] output, int n) {
    if (n >= SIZE) {
      System.arraycopy(output, n - SIZE, window, 0, SIZE);
      length = SIZE;
    } else {
      int kept = Math.min(length, SIZE - n);
      System.arraycopy(window, length - kept, window, 0, kept);
      System.arraycopy(output, 0, window, kept, n);
      length = kept + n;
    }
  }

  /** Gives {@code inflater}, reset, the window as dictionary (none at the start of the stream). */
  void primeAfterReset(Inflater inflater) {
    if (length > 0) {
      inflater.setDictionary(window, 0, length);
    }
  }
}
