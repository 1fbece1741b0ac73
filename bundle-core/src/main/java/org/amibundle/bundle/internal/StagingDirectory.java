package org.amibundle.bundle.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.amibundle.LocalIoException;
import org.amibundle.Printable;
import org.amibundle.NotFoundException;

/**
 * A hidden directory inside a destination where output is written before it is trusted. {@link
 * #commit} moves files into the destination in the order given (the manifest last); {@link
 * #close} removes whatever is left, and undoes a commit that failed half-way, so that a failure or
 * an interrupt never leaves a partial bundle where a user would trust it.
 */
public final class StagingDirectory implements AutoCloseable {

  private final Path destination;
  private final Path directory;
  private final CleanupOnExit cleanupOnExit;
  private final List<Path> committed = new ArrayList<>();
  private boolean done;

  private StagingDirectory(Path destination, Path directory) {
    this.destination = destination;
    this.directory = directory;
    this.cleanupOnExit = CleanupOnExit.register("amibundle-staging-cleanup", this::deleteQuietly);
  }

  /** Creates {@code <destination>/.amibundle-<name>-<random>}. */
  public static StagingDirectory create(Path destination, String name) throws IOException {
    if (!Files.isDirectory(destination)) {
      throw new NotFoundException(
          "destination directory " + destination + " does not exist: create it first");
    }
    try {
      return new StagingDirectory(
          destination, Files.createTempDirectory(destination, ".amibundle-" + name + "-"));
    } catch (AccessDeniedException e) {
      throw new LocalIoException(
          "cannot write to destination directory "
              + destination
              + ": permission denied; choose a directory you can write to",
          e);
    } catch (IOException e) {
      throw new LocalIoException(
          "cannot write to destination directory " + destination + ": " + e.getMessage(), e);
    }
  }

  public Path path() {
    return directory;
  }

  /**
   * Writes the first {@code length} bytes of {@code bytes} to a new file {@code fileName} in the
   * staging directory and starts their write to disk ({@link WriteBehind}), without waiting:
   * {@link #commit} syncs them before moving them in. Returns the file.
   */
  public Path write(String fileName, byte[] bytes, int length) throws LocalIoException {
    Path file = directory.resolve(fileName);
    try (FileChannel channel =
            FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        WriteBehind writeBehind = WriteBehind.on(file)) {
      long written = FileChannels.writeFully(channel, ByteBuffer.wrap(bytes, 0, length), 0);
      writeBehind.written(0, written);
      return file;
    } catch (IOException e) {
      throw writeFailure(fileName, e);
    }
  }

  /**
   * Syncs every staged file to disk, then moves each to {@code <destination>/<final name>}, in
   * order, replacing files of the same name. If a move fails, the files moved so far are removed
   * again when this is closed.
   */
  public List<Path> commit(List<Path> staged, List<String> finalNames) throws LocalIoException {
    for (int i = 0; i < staged.size(); i++) {
      try (FileChannel channel = FileChannel.open(staged.get(i), StandardOpenOption.READ)) {
        channel.force(true);
      } catch (IOException e) {
        throw writeFailure(finalNames.get(i), e);
      }
    }
    List<Path> placed = new ArrayList<>();
    for (int i = 0; i < staged.size(); i++) {
      Path target = destination.resolve(finalNames.get(i));
      try {
        Files.move(
            staged.get(i),
            target,
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new LocalIoException(
            "could not move " + finalNames.get(i) + " into " + destination + ": " + e.getMessage(),
            e);
      }
      committed.add(target);
      placed.add(target);
    }
    done = true;
    return placed;
  }

  private LocalIoException writeFailure(String fileName, IOException e) {
    return WriteFailures.of(
        Printable.of(fileName) + " of the bundle in " + Printable.of(destination), destination, e);
  }

  /** Removes the staging directory; if the commit did not finish, removes what it had moved. */
  @Override
  public void close() {
    deleteQuietly();
    cleanupOnExit.cancel();
  }

  private synchronized void deleteQuietly() {
    if (!done) {
      committed.forEach(StagingDirectory::deleteIfExists);
      committed.clear();
    }
    if (Files.exists(directory)) {
      try (Stream<Path> files = Files.walk(directory)) {
        files.sorted(Comparator.reverseOrder()).forEach(StagingDirectory::deleteIfExists);
      } catch (IOException e) {
        // best effort: nothing in the staging directory is ever trusted by a user
      }
    }
  }

  private static void deleteIfExists(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // best effort, see deleteQuietly
    }
  }
}
