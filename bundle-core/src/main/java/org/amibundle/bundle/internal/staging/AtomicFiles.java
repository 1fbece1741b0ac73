package org.amibundle.bundle.internal.staging;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.amibundle.bundle.internal.files.FileChannels;

/** Small files that appear whole or not at all: written beside their name, then renamed. */
public final class AtomicFiles {

  private AtomicFiles() {}

  /**
   * Puts {@code bytes} at {@code target} (replacing what is there) through a hidden temporary file
   * (a {@link WorkEntry}) in the same directory, synced before the rename. On failure the temporary
   * file is removed and the target is as it was; callers add what the failure means to them.
   */
  public static void replace(Path target, byte[] bytes) throws IOException {
    Path directory = target.toAbsolutePath().getParent();
    try (WorkEntry work = WorkEntry.file(directory, target.getFileName().toString())) {
      try (FileChannel channel = FileChannel.open(work.path(), StandardOpenOption.WRITE)) {
        FileChannels.writeFully(channel, ByteBuffer.wrap(bytes), 0);
        channel.force(true);
      }
      work.guarded(
          () ->
              Files.move(
                  work.path(),
                  target,
                  StandardCopyOption.ATOMIC_MOVE,
                  StandardCopyOption.REPLACE_EXISTING));
      work.release();
    }
  }

  /** Removes {@code file} if it exists, ignoring failures (for cleaning up after one). */
  public static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // best effort: the failure being cleaned up after is the one reported
      }
    }
  }
}
