package org.amibundle.bundle.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.amibundle.IntegrityException;
import org.amibundle.bundle.PartBytes;
import org.amibundle.bundle.PartFetcher;
import org.amibundle.bundle.internal.crypto.Digests;
import org.amibundle.manifest.Digest;
import org.amibundle.manifest.Part;
import org.junit.jupiter.api.Test;

class VerifiedPartsInputStreamTest {

  private static final int PART = 1 << 16;

  /** Parts of PART bytes but the last, random, with their true SHA-1s. */
  private static List<byte[]> contents(int count, int lastSize) {
    Random random = new Random(count * 31L + lastSize);
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] bytes = new byte[i == count - 1 ? lastSize : PART];
      random.nextBytes(bytes);
      contents.add(bytes);
    }
    return contents;
  }

  private static List<Part> parts(List<byte[]> contents) {
    List<Part> parts = new ArrayList<>();
    for (int i = 0; i < contents.size(); i++) {
      String sha1 = Digests.hex(Digests.sha1().digest(contents.get(i)));
      parts.add(new Part(i, "image.part." + i, new Digest(Digest.SHA1, sha1)));
    }
    return parts;
  }

  /** Copies each part into the buffer it is given when it fits; records every buffer returned. */
  private static final class CopyingFetcher implements PartFetcher {
    private final List<byte[]> contents;
    final Set<byte[]> returned = Collections.newSetFromMap(new IdentityHashMap<>());
    final List<byte[]> given = new ArrayList<>();

    CopyingFetcher(List<byte[]> contents) {
      this.contents = contents;
    }

    @Override
    public PartBytes fetch(Part part, byte[] buffer) {
      given.add(buffer);
      byte[] bytes = contents.get(part.index());
      byte[] array = PartBytes.room(buffer, bytes.length);
      System.arraycopy(bytes, 0, array, 0, bytes.length);
      returned.add(array);
      return new PartBytes(array, bytes.length);
    }
  }

  private static byte[] readAll(VerifiedPartsInputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[12345];
    for (int n; (n = in.read(buffer)) >= 0; ) {
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  @Test
  void readsThePartsInOrderThroughTwoReusedBuffers() throws IOException {
    List<byte[]> contents = contents(9, 1000);
    CopyingFetcher fetcher = new CopyingFetcher(contents);
    byte[] read;
    try (VerifiedPartsInputStream in =
        new VerifiedPartsInputStream(parts(contents), fetcher, PartChecks.NONE)) {
      read = readAll(in);
    }
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    contents.forEach(expected::writeBytes);
    assertArrayEquals(expected.toByteArray(), read);
    assertEquals(9, fetcher.given.size());
    assertEquals(2, fetcher.returned.size(), "two part buffers serve all nine parts");
    // From the third part on, each fetch gets the buffer of the part read two before it.
    for (int i = 2; i < 9; i++) {
      assertTrue(fetcher.returned.contains(fetcher.given.get(i)), "fetch " + i);
    }
    assertSame(fetcher.given.get(2), fetcher.given.get(4));
  }

  @Test
  void aPartShorterThanItsBufferIsReadToItsLengthOnly() throws IOException {
    List<byte[]> contents = contents(4, 7);
    try (VerifiedPartsInputStream in =
        new VerifiedPartsInputStream(
            parts(contents), new CopyingFetcher(contents), PartChecks.NONE)) {
      assertEquals(3L * PART + 7, readAll(in).length);
    }
  }

  @Test
  void aDamagedPartFailsBeforeAnyOfItsBytesIsHandedOn() throws IOException {
    List<byte[]> contents = contents(3, PART);
    List<Part> parts = parts(contents);
    contents.get(1)[100] ^= 1;
    try (VerifiedPartsInputStream in =
        new VerifiedPartsInputStream(parts, new CopyingFetcher(contents), PartChecks.NONE)) {
      byte[] first = in.readNBytes(PART);
      assertArrayEquals(contents.get(0), first);
      IntegrityException failure = assertThrows(IntegrityException.class, () -> in.read());
      assertTrue(
          failure.getMessage().contains("part image.part.1 is damaged"), failure::getMessage);
    }
  }

  /**
   * Once close returns, the fetcher is no longer in use, even by a fetch that ignores the interrupt
   * for a while (a network read): a caller may then use the fetcher itself.
   */
  @Test
  void close_waitsForAFetchUnderWay() throws Exception {
    List<byte[]> contents = contents(3, 1000);
    CountDownLatch secondStarted = new CountDownLatch(1);
    AtomicBoolean secondEnded = new AtomicBoolean();
    CopyingFetcher copying = new CopyingFetcher(contents);
    PartFetcher slowSecond =
        (part, buffer) -> {
          if (part.index() == 1) {
            secondStarted.countDown();
            long end = System.nanoTime() + 300_000_000L;
            for (long left; (left = end - System.nanoTime()) > 0; ) {
              try {
                Thread.sleep(left / 1_000_000 + 1);
              } catch (InterruptedException e) {
                // a read that does not answer to interrupts
              }
            }
            secondEnded.set(true);
          }
          return copying.fetch(part, buffer);
        };
    VerifiedPartsInputStream in =
        new VerifiedPartsInputStream(parts(contents), slowSecond, PartChecks.NONE);
    assertEquals(contents.get(0)[0] & 0xff, in.read());
    assertTrue(secondStarted.await(10, TimeUnit.SECONDS));

    in.close();
    assertTrue(secondEnded.get(), "close returned while the fetcher was still in use");
  }
}
