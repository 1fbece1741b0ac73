package org.amibundle.bundle.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Platform;

/**
 * The libc calls amibundle makes through JNA, for what Java cannot ask or do: hole maps, allocated
 * blocks, device sizes, zeroing by the device, starting write-back early. Each method throws
 * {@link LastErrorException} carrying errno.
 */
public interface LibC extends Library {

  /** libc, or null off Linux or where it cannot be loaded: callers then do without. */
  LibC INSTANCE = load();

  int open(String path, int flags) throws LastErrorException;

  long lseek(int fd, long offset, int whence) throws LastErrorException;

  int statx(int dirfd, String path, int flags, int mask, byte[] buffer) throws LastErrorException;

  int fallocate(int fd, int mode, long offset, long length) throws LastErrorException;

  int sync_file_range(int fd, long offset, long length, int flags) throws LastErrorException;

  int fdatasync(int fd) throws LastErrorException;

  int close(int fd) throws LastErrorException;

  private static LibC load() {
    if (!Platform.isLinux()) {
      return null;
    }
    // glibc by its soname first, which dlopen finds at once: for the bare name "c" JNA tries
    // libc.so (a linker script where glibc's development files are) and then searches the
    // library directories. Then the bare name (musl).
    return NativeLibraries.first(LibC.class, library -> true, "libc.so.6", Platform.C_LIBRARY_NAME);
  }
}
