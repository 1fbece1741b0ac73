package org.amibundle.bundle.internal.staging;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.amibundle.LocalIoException;
import org.amibundle.bundle.internal.nativelib.LibC;

/**
 * A hidden file or directory where a run writes what is not trusted yet, beside the output it
 * becomes: {@code .amibundle-<label>-<random>} (a directory) or {@code
 * .amibundle-<label>-<random>.partial} (a file). Three ways out, none leaving it behind:
 *
 * <ul>
 *   <li>the owner finishes: it moves the entry (or what it holds) into place and {@link #release}s
 *       it, or {@link #close}s it, which removes it;
 *   <li>the process is stopped (Ctrl-C, {@code kill}): a shutdown hook ends the programs the
 *       process started, then removes the entry. From then on {@link #guarded} refuses to run, so a
 *       thread still working cannot create a file in it (or move one out of it) after the removal;
 *   <li>the process is killed outright ({@code kill -9}, a crash): the owner held an {@code flock}
 *       on the entry as long as it lived, which the kernel drops with the process. The next entry
 *       made in the same directory removes every {@code .amibundle-*} entry of the same user that
 *       no one holds.
 * </ul>
 *
 * <p>Where libc or the filesystem's locks are not usable there is no lock, and no entry is ever
 * taken for a dead run's.
 */
public final class WorkEntry implements AutoCloseable {

  /** What every work entry's name starts with. */
  public static final String PREFIX = ".amibundle-";

  private static final String FILE_SUFFIX = ".partial";
  private static final LibC LIBC = LibC.INSTANCE;
  private static final int O_RDONLY_NONBLOCK_NOFOLLOW_CLOEXEC = 04000 | 0400000 | 02000000;
  private static final int LOCK_EX_NB = 2 | 4;
  private static final int ENOENT = 2;
  private static final int EWOULDBLOCK = 11;
  private static final int NO_LOCK = -1;
  private static final int HELD = -2;
  private static final int UNLOCKABLE = -3;
  private static final int ATTEMPTS = 3;

  private final CleanupOnExit cleanupOnExit;
  private Runnable alsoOnStop = () -> {};
  private Path path;
  private int lock = NO_LOCK;
  private boolean stopped;
  private boolean released;

  private WorkEntry() throws InterruptedIOException {
    this.cleanupOnExit =
        CleanupOnExit.register(
            "amibundle-work-cleanup",
            () -> {
              CleanupOnExit.stopChildren();
              stop();
            });
  }

  /** A new empty work directory in {@code parent}; dead runs' entries there are removed first. */
  public static WorkEntry directory(Path parent, String label) throws IOException {
    return create(parent, label, true);
  }

  /** A new empty work file in {@code parent}; dead runs' entries there are removed first. */
  public static WorkEntry file(Path parent, String label) throws IOException {
    return create(parent, label, false);
  }

  private static WorkEntry create(Path parent, String label, boolean directory) throws IOException {
    removeDeadEntries(parent);
    WorkEntry entry = new WorkEntry();
    try {
      for (int attempt = 1; ; attempt++) {
        Path path =
            directory
                ? Files.createTempDirectory(parent, PREFIX + label + "-")
                : Files.createTempFile(parent, PREFIX + label + "-", FILE_SUFFIX);
        if (entry.hold(path)) {
          return entry;
        }
        if (attempt == ATTEMPTS) {
          throw new LocalIoException(
              "could not keep a work file in "
                  + parent
                  + ": another amibundle run removed it "
                  + ATTEMPTS
                  + " times; run one amibundle at a time there");
        }
      }
    } catch (IOException | RuntimeException e) {
      entry.close();
      throw e;
    }
  }

  /**
   * Takes the lock on the new {@code path}: false when another run's sweep took it for a dead one's
   * between its creation and now (the sweep removes it).
   */
  private synchronized boolean hold(Path created) throws IOException {
    if (stopped) {
      deleteTree(created);
      throw new InterruptedIOException("the process is stopping");
    }
    int fd = LIBC != null ? tryLock(created) : UNLOCKABLE;
    if (fd == HELD) {
      return false;
    }
    if (fd >= 0 && !Files.exists(created, LinkOption.NOFOLLOW_LINKS)) {
      unlock(fd);
      return false;
    }
    lock = fd >= 0 ? fd : NO_LOCK;
    path = created;
    return true;
  }

  public Path path() {
    return path;
  }

  /** Also runs {@code cleanup} when the process is stopped, before the entry is removed. */
  public synchronized void alsoOnStop(Runnable cleanup) {
    alsoOnStop = cleanup;
  }

  /** What {@link #guarded} runs: I/O on the entry. */
  @FunctionalInterface
  public interface Action<T> {
    T run() throws IOException;
  }

  /**
   * Runs {@code action} (which creates a file in the entry, or moves the entry or a file of it)
   * unless the process is stopping; a stop waits until it is done, then removes what it made.
   */
  public synchronized <T> T guarded(Action<T> action) throws IOException {
    if (stopped) {
      throw new InterruptedIOException("the process is stopping");
    }
    return action.run();
  }

  /** The entry was moved into place by its owner: there is nothing to remove. */
  public synchronized void release() {
    released = true;
    close();
  }

  /** Removes the entry unless it was released; withdraws the hook, drops the lock. */
  @Override
  public synchronized void close() {
    if (path != null && !released) {
      deleteTree(path);
    }
    released = true;
    cleanupOnExit.cancel();
    unlock(lock);
    lock = NO_LOCK;
  }

  /**
   * What the shutdown hook does once the programs the process started have ended; tests call it to
   * stop an entry without stopping the JVM.
   */
  synchronized void stop() {
    stopped = true;
    alsoOnStop.run();
    if (path != null && !released) {
      deleteTree(path);
    }
  }

  /**
   * Removes the entries of {@code directory} that runs of this user killed outright left: those
   * named {@code .amibundle-*} that no process holds.
   */
  static void removeDeadEntries(Path directory) {
    if (LIBC == null) {
      return;
    }
    Object user;
    try {
      user = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | RuntimeException e) {
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, PREFIX + "*")) {
      for (Path entry : entries) {
        removeIfDead(entry, user);
      }
    } catch (IOException | RuntimeException e) {
      // best effort: what is left is removed by a later run
    }
  }

  private static void removeIfDead(Path entry, Object user) {
    try {
      if (!user.equals(Files.getAttribute(entry, "unix:uid", LinkOption.NOFOLLOW_LINKS))) {
        return;
      }
    } catch (IOException | RuntimeException gone) {
      return;
    }
    int fd = tryLock(entry);
    if (fd >= 0) {
      deleteTree(entry);
      unlock(fd);
    }
  }

  /**
   * An open descriptor of {@code path} holding its lock; {@link #HELD} when another open file holds
   * it (or {@code path} is gone), {@link #UNLOCKABLE} when it cannot be locked at all (a symbolic
   * link, not readable, a filesystem without locks).
   */
  private static int tryLock(Path path) {
    int fd;
    try {
      fd = LIBC.open(path.toString(), O_RDONLY_NONBLOCK_NOFOLLOW_CLOEXEC);
    } catch (LastErrorException e) {
      return e.getErrorCode() == ENOENT ? HELD : UNLOCKABLE;
    }
    try {
      LIBC.flock(fd, LOCK_EX_NB);
      return fd;
    } catch (LastErrorException e) {
      unlock(fd);
      return e.getErrorCode() == EWOULDBLOCK ? HELD : UNLOCKABLE;
    }
  }

  private static void unlock(int fd) {
    if (fd >= 0) {
      try {
        LIBC.close(fd);
      } catch (LastErrorException e) {
        // the descriptor is gone either way, and its lock with it
      }
    }
  }

  /**
   * Removes {@code root} and all below it without following links and without entering another
   * filesystem (an image mounted there); directories are made writable before they are read (a
   * bundle-vol staging tree gives them the source's modes). Best effort: nothing in a work entry is
   * ever the only copy of anything.
   */
  public static void deleteTree(Path root) {
    try {
      Object device = Files.getAttribute(root.toAbsolutePath().getParent(), "unix:dev");
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes)
                throws IOException {
              if (!device.equals(Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS))) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              openUp(dir);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
              AtomicFiles.deleteQuietly(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) {
              AtomicFiles.deleteQuietly(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException | RuntimeException e) {
      // best effort, see above
    }
  }

  private static void openUp(Path dir) {
    try {
      Set<PosixFilePermission> permissions =
          Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
      permissions.addAll(
          EnumSet.of(
              PosixFilePermission.OWNER_READ,
              PosixFilePermission.OWNER_WRITE,
              PosixFilePermission.OWNER_EXECUTE));
      Files.setPosixFilePermissions(dir, permissions);
    } catch (IOException | RuntimeException e) {
      // best effort
    }
  }
}
