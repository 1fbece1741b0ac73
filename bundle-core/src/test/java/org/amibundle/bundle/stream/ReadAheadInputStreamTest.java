package org.amibundle.bundle.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.amibundle.IntegrityException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A lost hand-over would hang the reader: every test here is bounded, so it fails instead. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ReadAheadInputStreamTest {

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 999, 1000, 1001, 123_457})
  void handsOnExactlyTheUpstreamBytes(int size) throws IOException {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    try (ReadAheadInputStream ahead =
        new ReadAheadInputStream(new ByteArrayInputStream(data), 1000, 2)) {
      assertArrayEquals(data, ahead.readAllBytes());
    }
  }

  @Test
  void anUpstreamFailure_reachesTheReaderWithItsOwnType() throws IOException {
    IntegrityException failure = new IntegrityException("part image.part.3 is damaged");
    InputStream upstream =
        new InputStream() {
          private int reads;

          @Override
          public int read() {
            return 0;
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (++reads > 3) {
              throw failure;
            }
            return len;
          }
        };
    try (ReadAheadInputStream ahead = new ReadAheadInputStream(upstream, 100, 2)) {
      assertSame(failure, assertThrows(IntegrityException.class, ahead::readAllBytes));
    }
  }

  @Test
  void closingWhileTheBackgroundThreadWaits_stopsIt() throws IOException, InterruptedException {
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            return 1;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            return len;
          }
        };
    ReadAheadInputStream ahead = new ReadAheadInputStream(endless, 1000, 2);
    ahead.read(new byte[10]);
    ahead.close();
    Thread.sleep(50);
    assertTrue(
        Thread.getAllStackTraces().keySet().stream()
            .noneMatch(t -> t.getName().equals("amibundle-read-ahead") && t.isAlive()),
        "the read-ahead thread must stop on close");
  }
}
