package org.amibundle.bundle.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Which blocks are deflated and which stored, and that both inflate back to their input, by
 * libdeflate and by the Deflater.
 */
class DeflateBlockTest {

  private static final int BLOCK = 1 << 20;

  private static final class Deflated {
    final boolean stored;
    final byte[] output;

    Deflated(byte[] data, int level, Deflation deflation) throws IOException {
      DeflateBlock block = new DeflateBlock(data.length, level, deflation.library());
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

  @ParameterizedTest
  @EnumSource(Deflation.class)
  void randomData_isStored_andInflatesBack(Deflation deflation) throws Exception {
    byte[] data = GzipTestData.random(BLOCK, 1);
    Deflated deflated = new Deflated(data, 6, deflation);
    assertTrue(deflated.stored);
    // Stored blocks: 5 header bytes per 64 KiB at most, then the 00 00 FF FF marker's block.
    assertTrue(deflated.output.length <= data.length + 5 * (data.length / 65535 + 1) + 5);
    assertArrayEquals(data, GzipTestData.inflateRaw(deflated.output, data.length));
  }

  @ParameterizedTest
  @EnumSource(Deflation.class)
  void compressibleData_isDeflated(Deflation deflation) throws Exception {
    byte[] data = GzipTestData.compressible(BLOCK, 2);
    Deflated deflated = new Deflated(data, 6, deflation);
    assertFalse(deflated.stored);
    assertTrue(deflated.output.length < data.length / 2);
    assertArrayEquals(data, GzipTestData.inflateRaw(deflated.output, data.length));
  }

  @ParameterizedTest
  @EnumSource(Deflation.class)
  void randomDataWithACompressibleEnd_isDeflated(Deflation deflation) throws Exception {
    byte[] data = GzipTestData.random(BLOCK, 3);
    byte[] tail = GzipTestData.compressible(DeflateBlock.SAMPLE, 4);
    System.arraycopy(tail, 0, data, BLOCK - tail.length, tail.length);
    Deflated deflated = new Deflated(data, 6, deflation);
    assertFalse(deflated.stored, "one sample of four shrinks: the block is deflated");
    assertArrayEquals(data, GzipTestData.inflateRaw(deflated.output, data.length));
  }

  @ParameterizedTest
  @EnumSource(Deflation.class)
  void atLevel1_orTooSmallToSample_randomDataIsDeflated(Deflation deflation) throws Exception {
    assertFalse(new Deflated(GzipTestData.random(BLOCK, 5), 1, deflation).stored);
    byte[] small = GzipTestData.random(DeflateBlock.SAMPLES * DeflateBlock.SAMPLE - 1, 6);
    Deflated deflated = new Deflated(small, 6, deflation);
    assertFalse(deflated.stored);
    assertArrayEquals(small, GzipTestData.inflateRaw(deflated.output, small.length));
  }
}
