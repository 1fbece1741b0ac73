package org.amibundle.bundle.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.amibundle.bundle.FinishedPart;
import org.amibundle.bundle.internal.crypto.Digests;
import org.junit.jupiter.api.Test;

class PartSplittingOutputStreamTest {

  private static byte[] input(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  @Test
  void heldParts_keepTheirBytes_andCarryTheirSha1_lastShorter_noEmptyPart() throws IOException {
    byte[] input = input(1000);
    List<FinishedPart> held = new ArrayList<>();
    try (PartSplittingOutputStream out = new PartSplittingOutputStream(held::add, 300)) {
      out.write(input, 0, 650);
      out.write(input, 650, 350);
    }
    assertEquals(4, held.size());
    for (FinishedPart part : held) {
      byte[] expected =
          Arrays.copyOfRange(input, part.index() * 300, Math.min(1000, part.index() * 300 + 300));
      assertArrayEquals(expected, Arrays.copyOf(part.bytes(), part.length()));
      assertArrayEquals(Digests.sha1().digest(expected), part.sha1());
    }
    assertNotSame(held.get(0).bytes(), held.get(1).bytes());

    List<FinishedPart> exact = new ArrayList<>();
    try (PartSplittingOutputStream out = new PartSplittingOutputStream(exact::add, 500)) {
      out.write(input);
    }
    assertEquals(2, exact.size());
  }

  @Test
  void releasedParts_lendTheirBufferToTheNextPart() throws IOException {
    List<byte[]> buffers = new ArrayList<>();
    PartSink releasing =
        part -> {
          buffers.add(part.bytes());
          part.release();
          part.release();
        };
    try (PartSplittingOutputStream out = new PartSplittingOutputStream(releasing, 100)) {
      out.write(input(1000));
    }
    assertEquals(10, buffers.size());
    buffers.forEach(buffer -> assertSame(buffers.get(0), buffer));
  }

  @Test
  void afterTheSinkFails_nothingMoreIsHandedOn() throws IOException {
    List<FinishedPart> taken = new ArrayList<>();
    PartSink failsOnSecond =
        part -> {
          if (part.index() == 1) {
            throw new IOException("disk full");
          }
          taken.add(part);
        };
    PartSplittingOutputStream out = new PartSplittingOutputStream(failsOnSecond, 100);
    IOException failure = assertThrows(IOException.class, () -> out.write(input(250)));
    assertEquals("disk full", failure.getMessage());
    assertThrows(IOException.class, () -> out.write(1));
    out.close();
    assertEquals(1, taken.size());
  }
}
