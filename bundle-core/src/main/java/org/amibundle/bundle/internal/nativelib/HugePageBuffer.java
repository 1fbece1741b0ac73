package org.amibundle.bundle.internal.nativelib;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;

/**
 * Native memory for a large buffer that lives through a run (the direct-I/O writes, the input and
 * output of libdeflate), in transparent huge pages where the kernel gives them on request: an
 * anonymous mapping aligned to 2 MiB and advised {@code MADV_HUGEPAGE}. Memory from malloc is
 * faulted in 4 KiB at a time as it is first written, and on a virtual machine a fault is costly: 11
 * µs each on the machine of {@code benchmarks/README.md}, where the 32 MiB of direct-write buffers
 * of an unbundle took 8,200 faults and 90 ms of the main thread. A huge page takes one fault per 2
 * MiB. Where the kernel gives none the mapping is still good memory, in small pages; off Linux (no
 * {@link LibC}) the buffer is JNA's {@link Memory}. Its start is 2 MiB-aligned, so any block size
 * of direct I/O divides it.
 *
 * <p>Not thread-safe. {@link #close()} frees it, after which it must not be used; a cleaner frees
 * one dropped without that.
 */
public final class HugePageBuffer implements AutoCloseable {

  private static final long HUGE_PAGE = 2L << 20;
  private static final int PROT_READ_WRITE = 0x1 | 0x2;
  private static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20;
  private static final int MADV_HUGEPAGE = 14;

  private final Pointer pointer;
  private final long size;
  private final Cleaner.Cleanable cleanable;

  /** {@code release} frees the memory; the cleaner runs it at most once. */
  private HugePageBuffer(Pointer pointer, long size, Runnable release) {
    this.pointer = pointer;
    this.size = size;
    this.cleanable = NativeCleaner.CLEANER.register(this, release);
  }

  /** {@code size} bytes (at least 1), their content unspecified (zeros as mapped). */
  public static HugePageBuffer allocate(long size) {
    if (size < 1) {
      throw new IllegalArgumentException("a buffer of " + size + " bytes");
    }
    LibC libc = LibC.INSTANCE;
    if (libc == null) {
      Memory memory = new Memory(size);
      return new HugePageBuffer(memory, size, memory::close);
    }
    long advised = toHugePage(size);
    long length = advised + HUGE_PAGE; // room to align the start
    Pointer mapping;
    try {
      mapping = libc.mmap(null, length, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0);
    } catch (LastErrorException e) {
      throw new OutOfMemoryError(
          "could not map " + size + " bytes of memory: errno " + e.getErrorCode());
    }
    Pointer start = new Pointer(toHugePage(Pointer.nativeValue(mapping)));
    libc.madvise(start, advised, MADV_HUGEPAGE);
    return new HugePageBuffer(start, size, () -> libc.munmap(mapping, length));
  }

  /** {@code value} rounded up to a multiple of the huge page. */
  private static long toHugePage(long value) {
    return (value + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
  }

  /** The first byte; as for {@link #byteBuffer()}, valid while this object is reachable. */
  public Pointer pointer() {
    return pointer;
  }

  /** Bytes it holds. */
  public long size() {
    return size;
  }

  /**
   * All of it as a direct buffer, valid until {@link #close()}, and only while this object is
   * reachable: the view does not keep it so, and the cleaner unmaps the memory of one dropped.
   */
  public ByteBuffer byteBuffer() {
    return pointer.getByteBuffer(0, size);
  }

  /** Frees the memory; closing twice does nothing. */
  @Override
  public void close() {
    cleanable.clean();
  }
}
