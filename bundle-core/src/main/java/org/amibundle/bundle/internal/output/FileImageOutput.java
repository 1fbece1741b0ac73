package org.amibundle.bundle.internal.output;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.amibundle.BadInputException;
import org.amibundle.LocalIoException;
import org.amibundle.Printable;
import org.amibundle.Setting;
import org.amibundle.bundle.internal.files.FileChannels;
import org.amibundle.bundle.internal.staging.WorkEntry;
import org.amibundle.bundle.internal.staging.WriteFailures;

/**
 * Writes the image to a temporary file beside its final name, only its data (holes are left as
 * holes), and renames it into place on {@link #commit}. The data goes to the disk as it is written,
 * by direct I/O ({@link DirectWriter}) or, where the filesystem refuses that, by starting the
 * write-back of the page cache ({@link WriteBehind}), so the sync before the rename is short. A
 * failure removes the temporary file, so no half-written image ever stands under the final name; so
 * does a stop of the process (Ctrl-C, {@code kill}), or the next run after a crash: the file is a
 * {@link WorkEntry}.
 *
 * <p>The image is private: the temporary file is created readable and writable by its owner only
 * (0600, narrowed further by the umask, as {@code open(2)} applies it: see {@link WorkEntry}) and
 * keeps that mode when it is renamed into place. A whole disk holds keys and passwords; whoever
 * wants to share it says so with {@code chmod}.
 */
public final class FileImageOutput implements ImageOutput {

  private final Path directory;
  private final String fixedName;

  /** The work file of an owner who moves it into place itself ({@link #into}), or null. */
  private final WorkEntry given;

  private Path finalPath;
  private WorkEntry work;
  private Path temporary;
  private RandomAccessFile file;
  private FileChannel channel;
  private WriteBehind writeBehind;

  /** Empty where the filesystem refuses direct I/O: the data goes through {@link #channel}. */
  private Optional<DirectWriter> direct = Optional.empty();

  private long size;
  private boolean committed;

  /** An image named by the bundle, in {@code directory}. */
  public static FileImageOutput inDirectory(Path directory) {
    return new FileImageOutput(directory, null, null);
  }

  /** An image at exactly {@code file}. */
  public static FileImageOutput atPath(Path file) {
    Path absolute = file.toAbsolutePath();
    return new FileImageOutput(absolute.getParent(), absolute.getFileName().toString(), null);
  }

  /**
   * An image written straight into {@code work}, which its owner finishes, moves into place and
   * closes: {@link #commit} only syncs it, {@link #abort} leaves it to the owner.
   */
  public static FileImageOutput into(WorkEntry work) {
    Path file = work.path();
    return new FileImageOutput(file.getParent(), file.getFileName().toString(), work);
  }

  private FileImageOutput(Path directory, String fixedName, WorkEntry given) {
    this.directory = directory;
    this.fixedName = fixedName;
    this.given = given;
  }

  /**
   * Starts the image; in a directory it is named {@code name} (the manifest's image name), which
   * must be a plain file name: no {@code /}, no leading {@code .}, no control characters.
   */
  @Override
  public void begin(String name, long imageSize) throws IOException {
    if (fixedName == null) {
      checkName(name);
    }
    finalPath = directory.resolve(fixedName != null ? fixedName : name);
    size = imageSize;
    try {
      work = given != null ? given : WorkEntry.file(directory, finalPath.getFileName().toString());
      temporary = work.path();
      // "rw" would create the file again if a stop had removed it
      file = work.guarded(() -> new RandomAccessFile(temporary.toFile(), "rw"));
      channel = file.getChannel();
      writeBehind = WriteBehind.on(temporary);
      direct = DirectWriter.open(temporary, writeBehind);
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      throw failure(e);
    }
  }

  @Override
  public void write(ByteBuffer data, long offset) throws IOException {
    try {
      if (direct.isPresent()) {
        direct.get().write(data, offset);
      } else {
        writeBehind.written(offset, FileChannels.writeFully(channel, data, offset) - offset);
      }
    } catch (IOException e) {
      throw failure(e);
    }
  }

  @Override
  public void end() throws IOException {
    try {
      if (direct.isPresent()) {
        direct.get().finish();
      }
      file.setLength(size);
    } catch (IOException e) {
      throw failure(e);
    }
  }

  @Override
  public Optional<Path> commit() throws IOException {
    try {
      writeBehind.close();
      channel.force(true);
      file.close();
      if (given != null) {
        committed = true;
        return Optional.of(temporary);
      }
      work.guarded(
          () ->
              Files.move(
                  temporary,
                  finalPath,
                  StandardCopyOption.ATOMIC_MOVE,
                  StandardCopyOption.REPLACE_EXISTING));
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      throw failure(e);
    }
    committed = true;
    work.release();
    return Optional.of(finalPath);
  }

  @Override
  public void abort() {
    if (committed || work == null) {
      return;
    }
    direct.ifPresent(DirectWriter::close);
    if (writeBehind != null) {
      writeBehind.close();
    }
    try {
      if (file != null) {
        file.close();
      }
    } catch (IOException e) {
      // nothing written is kept: the file is deleted next
    }
    if (given == null) {
      work.close();
    }
    work = null;
  }

  private static void checkName(String name) throws BadInputException {
    boolean control = name.chars().anyMatch(Character::isISOControl);
    if (name.isEmpty() || name.startsWith(".") || name.indexOf('/') >= 0 || control) {
      throw new BadInputException(
          "the manifest names the image '"
              + escaped(name)
              + "', which is not a plain file name"
              + " (it is empty, starts with '.', or holds '/' or control characters): the image"
              + " is not written under it; give an output file ("
              + Setting.OUTPUT
              + ") to unbundle it"
              + " anyway");
    }
  }

  /** {@code text} with each control character as a Java Unicode escape, safe to print. */
  private static String escaped(String text) {
    StringBuilder out = new StringBuilder();
    text.chars()
        .forEach(
            c ->
                out.append(
                    Character.isISOControl(c)
                        ? String.format("\\u%04x", c)
                        : String.valueOf((char) c)));
    return out.toString();
  }

  private LocalIoException failure(IOException e) {
    String target = finalPath != null ? finalPath.toString() : directory.toString();
    return WriteFailures.of("the image " + Printable.of(target), directory, e);
  }
}
