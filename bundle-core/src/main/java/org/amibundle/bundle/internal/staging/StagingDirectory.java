package org.amibundle.bundle.internal.staging;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.amibundle.LocalIoException;
import org.amibundle.NotFoundException;
import org.amibundle.Printable;
import org.amibundle.bundle.BundleFileNames;
import org.amibundle.bundle.internal.files.FileChannels;
import org.amibundle.bundle.internal.output.WriteBehind;

/**
 * A hidden directory inside a destination where output is written before it is trusted (a {@link
 * WorkEntry}). {@link #commit} removes the files of an older bundle of the same name, then moves
 * the new files into the destination in the order given (the manifest last); {@link #close} removes
 * whatever is left, and undoes a commit that failed half-way, so that a failure or an interrupt
 * never leaves a partial bundle where a user would trust it, nor stale parts of an older, larger
 * bundle beside a new one.
 */
public final class StagingDirectory implements AutoCloseable {

  private final Path destination;
  private final String name;
  private final WorkEntry work;
  private final List<Path> committed = new ArrayList<>();
  private boolean done;

  private StagingDirectory(Path destination, String name, WorkEntry work) {
    this.destination = destination;
    this.name = name;
    this.work = work;
    work.alsoOnStop(this::removeCommitted);
  }

  /** Creates {@code <destination>/.amibundle-<name>-<random>} for the bundle {@code name}. */
  public static StagingDirectory create(Path destination, String name) throws IOException {
    if (!Files.isDirectory(destination)) {
      throw new NotFoundException(
          "destination directory " + destination + " does not exist: create it first");
    }
    try {
      return new StagingDirectory(destination, name, WorkEntry.directory(destination, name));
    } catch (AccessDeniedException e) {
      throw new LocalIoException(
          "cannot write to destination directory "
              + destination
              + ": permission denied; choose a directory you can write to",
          e);
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      throw new LocalIoException(
          "cannot write to destination directory " + destination + ": " + e.getMessage(), e);
    }
  }

  public Path path() {
    return work.path();
  }

  /**
   * Writes the first {@code length} bytes of {@code bytes} to a new file {@code fileName} in the
   * staging directory and starts their write to disk ({@link WriteBehind}), without waiting: {@link
   * #commit} syncs them before moving them in. Returns the file. Threads may write different files
   * at once.
   */
  public Path write(String fileName, byte[] bytes, int length) throws IOException {
    Path file = work.path().resolve(fileName);
    try (FileChannel channel =
            work.guarded(
                () ->
                    FileChannel.open(
                        file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        WriteBehind writeBehind = WriteBehind.on(file)) {
      long written = FileChannels.writeFully(channel, ByteBuffer.wrap(bytes, 0, length), 0);
      writeBehind.written(0, written);
      return file;
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      throw writeFailure(fileName, e);
    }
  }

  /**
   * Syncs every staged file to disk, removes the files of an older bundle of the same name
   * (manifest first), then moves each staged file to {@code <destination>/<final name>}, in order.
   * If a move fails, the files moved so far are removed again when this is closed.
   */
  public List<Path> commit(List<Path> staged, List<String> finalNames) throws IOException {
    for (int i = 0; i < staged.size(); i++) {
      try (FileChannel channel = FileChannel.open(staged.get(i), StandardOpenOption.READ)) {
        channel.force(true);
      } catch (IOException e) {
        throw writeFailure(finalNames.get(i), e);
      }
    }
    return work.guarded(
        () -> {
          removeOlderBundle();
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
                  "could not move "
                      + finalNames.get(i)
                      + " into "
                      + destination
                      + ": "
                      + e.getMessage(),
                  e);
            }
            committed.add(target);
            placed.add(target);
          }
          done = true;
          return placed;
        });
  }

  /** Its manifest first: a bundle never stands with a manifest whose parts are gone. */
  private void removeOlderBundle() throws LocalIoException {
    Pattern older = BundleFileNames.of(name);
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(destination)) {
      for (Path entry : entries) {
        if (older.matcher(entry.getFileName().toString()).matches()) {
          files.add(entry);
        }
      }
      files.sort(Comparator.comparing((Path file) -> !BundleFileNames.isManifest(file.toString())));
      for (Path file : files) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new LocalIoException(
          "could not remove the older bundle "
              + name
              + " in "
              + destination
              + " ("
              + e.getMessage()
              + "): remove it yourself or choose another destination",
          e);
    }
  }

  private LocalIoException writeFailure(String fileName, IOException e) {
    return WriteFailures.of(
        Printable.of(fileName) + " of the bundle in " + Printable.of(destination), destination, e);
  }

  /** Removes the staging directory; if the commit did not finish, removes what it had moved. */
  @Override
  public void close() {
    removeCommitted();
    work.close();
  }

  private void removeCommitted() {
    synchronized (work) {
      if (!done) {
        committed.forEach(AtomicFiles::deleteQuietly);
        committed.clear();
      }
    }
  }
}
