package org.amibundle.bundle.internal.nativelib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HugePageBufferTest {

  private static final long HUGE_PAGE = 2L << 20;

  @Test
  void bytesWrittenThroughThePointer_readBackThroughTheBuffer() {
    byte[] data = new byte[3 << 20];
    new Random(7).nextBytes(data);
    try (HugePageBuffer buffer = HugePageBuffer.allocate(data.length + 5)) {
      assertEquals(data.length + 5, buffer.size());
      buffer.pointer().write(5, data, 0, data.length);
      ByteBuffer view = buffer.byteBuffer();
      assertTrue(view.isDirect());
      assertEquals(data.length + 5, view.capacity());
      byte[] back = new byte[data.length];
      view.get(5, back);
      assertArrayEquals(data, back);
    }
  }

  /** Aligned for direct I/O and huge pages, and advised as huge-page memory (smaps flag "hg"). */
  @Test
  void onLinux_theBufferStartsOnAHugePage_andIsAdvisedForHugePages() throws IOException {
    assertNotNull(LibC.INSTANCE, "the tests run on Linux");
    try (HugePageBuffer buffer = HugePageBuffer.allocate(3 << 20)) {
      long start = Pointer.nativeValue(buffer.pointer());
      assertEquals(0, start % HUGE_PAGE, Long.toHexString(start));
      buffer.pointer().setByte(0, (byte) 1);
      if (Files.isDirectory(Path.of("/sys/kernel/mm/transparent_hugepage"))) {
        List<String> flags = vmFlags(start);
        assertTrue(flags.contains("hg"), "VmFlags of the mapping: " + flags);
      }
    }
  }

  @Test
  void closingTwice_isHarmless() {
    HugePageBuffer buffer = HugePageBuffer.allocate(1);
    buffer.close();
    buffer.close();
  }

  @Test
  void anEmptyBuffer_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> HugePageBuffer.allocate(0));
  }

  /** The VmFlags line of the mapping in /proc/self/smaps that holds {@code address}. */
  private static List<String> vmFlags(long address) throws IOException {
    boolean inside = false;
    for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
      if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
        String[] range = line.substring(0, line.indexOf(' ')).split("-");
        inside =
            Long.parseUnsignedLong(range[0], 16) <= address
                && address < Long.parseUnsignedLong(range[1], 16);
      } else if (inside && line.startsWith("VmFlags:")) {
        return List.of(line.substring("VmFlags:".length()).trim().split("\\s+"));
      }
    }
    throw new AssertionError("no mapping holds " + Long.toHexString(address));
  }
}
