package org.amibundle.bundle.internal.staging;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.amibundle.LocalIoException;
import org.amibundle.Printable;

/**
 * A failed local write told as what it is, with the step that helps: a read-only filesystem, a
 * directory the user may not write to, a full disk or quota, or else the system's own words. The
 * cause is found by looking at the directory (its filesystem, {@code access(2)}, its free space) as
 * well as at the exception, whose text is the C library's and may be in another language.
 */
public final class WriteFailures {

  /** Less free space than this after a failed write: the disk is what is full. */
  private static final long NEARLY_FULL = 1L << 20;

  private WriteFailures() {}

  /**
   * "could not write {@code what} (system message): {@code cause}; {@code advice}" for a write into
   * {@code directory} that failed with {@code e}.
   */
  public static LocalIoException of(String what, Path directory, IOException e) {
    return new LocalIoException(
        "could not write "
            + what
            + " ("
            + Printable.of(systemMessage(e))
            + "): "
            + why(directory.toAbsolutePath(), e),
        e);
  }

  private static String why(Path directory, IOException e) {
    String text = systemMessage(e).toLowerCase(Locale.ROOT);
    String shown = Printable.of(directory);
    if (readOnly(directory) || text.contains("read-only file system")) {
      return "the filesystem of "
          + shown
          + " is read-only (mounted ro); choose a destination on a"
          + " writable filesystem or remount it read-write";
    }
    if (e instanceof AccessDeniedException
        || text.contains("permission denied")
        || text.contains("operation not permitted")
        || (Files.isDirectory(directory) && !Files.isWritable(directory))) {
      return "permission denied: "
          + shown
          + " is not writable by this user; run as a user who"
          + " may write there or choose another destination";
    }
    if (text.contains("no space left") || text.contains("quota") || nearlyFull(directory)) {
      return "no space left on the filesystem of "
          + shown
          + "; free some space or choose"
          + " another destination";
    }
    return "choose another destination or fix what the system reports";
  }

  /** The system's words: the reason of a {@link FileSystemException}, not its file name again. */
  private static String systemMessage(IOException e) {
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    if (e instanceof AccessDeniedException) {
      return "access denied";
    }
    return String.valueOf(e.getMessage());
  }

  private static boolean readOnly(Path directory) {
    try {
      return Files.getFileStore(directory).isReadOnly();
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  private static boolean nearlyFull(Path directory) {
    try {
      return Files.getFileStore(directory).getUsableSpace() < NEARLY_FULL;
    } catch (IOException | SecurityException e) {
      return false;
    }
  }
}
