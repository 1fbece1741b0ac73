package org.amibundle.bundle.internal.nativelib;

import com.sun.jna.LastErrorException;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The libc calls amibundle makes through JNA, for what Java cannot ask or do: hole maps, allocated
 * blocks, device sizes, zeroing by the device, starting write-back early, locks that belong to one
 * open file ({@code flock}), memory in huge pages. Each method that declares it throws {@link
 * LastErrorException} carrying errno.
 */
public final class LibC {

  /** libc, or null off Linux or where it cannot be loaded: callers then do without. */
  public static final LibC INSTANCE = load();

  private LibC() {}

  public native int open(String path, int flags) throws LastErrorException;

  public native long lseek(int fd, long offset, int whence) throws LastErrorException;

  public native int statx(int dirfd, String path, int flags, int mask, byte[] buffer)
      throws LastErrorException;

  public native int fallocate(int fd, int mode, long offset, long length) throws LastErrorException;

  public native int sync_file_range(int fd, long offset, long length, int flags)
      throws LastErrorException;

  public native int fdatasync(int fd) throws LastErrorException;

  public native int close(int fd) throws LastErrorException;

  public native int flock(int fd, int operation) throws LastErrorException;

  public native Pointer mmap(
      Pointer address, long length, int protection, int flags, int fd, long offset)
      throws LastErrorException;

  public native int munmap(Pointer address, long length) throws LastErrorException;

  /**
   * Advice only: its failure (a kernel without transparent huge pages) is the caller's to ignore.
   */
  public native int madvise(Pointer address, long length, int advice);

  private static LibC load() {
    if (!Platform.isLinux()) {
      return null;
    }
    // glibc by its soname first, which dlopen finds at once: for the bare name "c" JNA tries
    // libc.so (a linker script where glibc's development files are) and then searches the
    // library directories. Then the bare name (musl).
    return NativeLibraries.register(LibC.class, "libc.so.6", Platform.C_LIBRARY_NAME)
        ? new LibC()
        : null;
  }
}
