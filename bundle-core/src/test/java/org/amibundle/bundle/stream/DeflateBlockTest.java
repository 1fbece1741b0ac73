package org.amibundle.bundle.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Which blocks are deflated and which stored, and that both inflate back to their input. */
class DeflateBlockTest {

  private static final int BLOCK = 1 << 20;

  private static final class Deflated {
    final boolean stored;
    final byte[] output;

    Deflated(byte[] data, int level) throws IOException {
      DeflateBlock block = new DeflateBlock(data.length, level);
      try {
        block.fill(data, 0, data.length);
        block.deflate();
        stored = block.stored();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        block.writeTo(out);
        output = out.toByteArray();
      } finally {
        block.end();
      }
    }
  }

  @Test
  void randomData_isStored_andInflatesBack() throws Exception {
    byte[] data = GzipTestData.random(BLOCK, 1);
    Deflated deflated = new Deflated(data, 6);
    assertTrue(deflated.stored);
    // Stored blocks: 5 header bytes per 64 KiB at most, then the 00 00 FF FF marker's block.
    assertTrue(deflated.output.length <= data.length + 5 * (data.length / 65535 + 1) + 5);
    assertArrayEquals(data, GzipTestData.inflateRaw(deflated.output, data.length));
  }

  @Test
  void compressibleData_isDeflated() throws Exception {
    byte[] data = GzipTestData.compressible(BLOCK, 2);
    Deflated deflated = new Deflated(data, 6);
    assertFalse(deflated.stored);
    assertTrue(deflated.output.length < data.length / 2);
    assertArrayEquals(data, GzipTestData.inflateRaw(deflated.output, data.length));
  }

  @Test
  void randomDataWithACompressibleEnd_isDeflated() throws Exception {
    byte[] data = GzipTestData.random(BLOCK, 3);
    byte[] tail = GzipTestData.compressible(DeflateBlock.SAMPLE, 4);
    System.arraycopy(tail, 0, data, BLOCK - tail.length, tail.length);
    Deflated deflated = new Deflated(data, 6);
    assertFalse(deflated.stored, "one sample of four shrinks: the block is deflated");
    assertArrayEquals(data, GzipTestData.inflateRaw(deflated.output, data.length));
  }

  @Test
  void atLevel1_orTooSmallToSample_randomDataIsDeflated() throws Exception {
    assertFalse(new Deflated(GzipTestData.random(BLOCK, 5), 1).stored);
    byte[] small = GzipTestData.random(DeflateBlock.SAMPLES * DeflateBlock.SAMPLE - 1, 6);
    Deflated deflated = new Deflated(small, 6);
    assertFalse(deflated.stored);
    assertArrayEquals(small, GzipTestData.inflateRaw(deflated.output, small.length));
  }
}
