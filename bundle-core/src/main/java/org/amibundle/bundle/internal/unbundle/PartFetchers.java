package org.amibundle.bundle.internal.unbundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.amibundle.AmiBundleException;
import org.amibundle.BadInputException;
import org.amibundle.IntegrityException;
import org.amibundle.LocalIoException;
import org.amibundle.NotFoundException;
import org.amibundle.Printable;
import org.amibundle.Setting;
import org.amibundle.bundle.BundleRequest;
import org.amibundle.bundle.PartBytes;
import org.amibundle.bundle.PartFetcher;
import org.amibundle.bundle.PartSource;
import org.amibundle.manifest.ImageInfo;
import org.amibundle.manifest.Part;

/**
 * Turns a {@link PartSource} into a {@link PartFetcher}, after checking what can be checked before
 * any byte is decrypted: every part is present and together they hold {@code bundled_size} bytes.
 */
public final class PartFetchers {

  /** Parts larger than this are refused: bundlers write 10 MiB parts. */
  static final long MAX_PART_SIZE = 64L * 1024 * 1024;

  private PartFetchers() {}

  public static PartFetcher open(PartSource source, ImageInfo image) throws IOException {
    if (source instanceof PartSource.Directory directory) {
      return directory(directory.directory(), image);
    }
    if (source instanceof PartSource.Fetched fetched) {
      return fetched.fetcher();
    }
    return concatenated(((PartSource.Concatenated) source).stream(), image);
  }

  private static PartFetcher directory(Path directory, ImageInfo image) throws IOException {
    List<String> missing = new ArrayList<>();
    long total = 0;
    for (Part part : image.parts()) {
      Path file = directory.resolve(part.filename());
      if (!Files.exists(file)) {
        missing.add(part.filename());
      } else {
        total += checkedSize(file, part);
      }
    }
    if (!missing.isEmpty()) {
      throw new NotFoundException(
          "bundle parts missing from "
              + Printable.of(directory)
              + ": "
              + String.join(", ", missing)
              + "; download them again or point "
              + Setting.SOURCE
              + " at the directory that holds them");
    }
    if (total != image.bundledSize()) {
      throw new IntegrityException(
          "the parts in "
              + Printable.of(directory)
              + " hold "
              + total
              + " bytes, the manifest says bundled_size "
              + image.bundledSize()
              + ": a part is truncated, padded or from another bundle; download the bundle again");
    }
    return directoryFetcher(directory);
  }

  /**
   * Reads each part from {@code directory} with no check up front: a missing part is a {@link
   * NotFoundException}, an oversized one an {@link IntegrityException}, both naming the part.
   */
  public static PartFetcher directoryFetcher(Path directory) {
    return (part, buffer) -> {
      Path file = directory.resolve(part.filename());
      try {
        int size = (int) checkedSize(file, part);
        try (InputStream in = Files.newInputStream(file)) {
          byte[] array = PartBytes.room(buffer, size);
          return new PartBytes(array, in.readNBytes(array, 0, size));
        }
      } catch (NoSuchFileException e) {
        throw new NotFoundException(
            "part "
                + part.filename()
                + " is missing from "
                + Printable.of(directory)
                + "; download it again or point at the directory that holds it",
            e);
      } catch (AmiBundleException e) {
        throw e;
      } catch (IOException e) {
        throw new LocalIoException(
            "could not read part "
                + part.filename()
                + " in "
                + Printable.of(directory)
                + ": "
                + Printable.of(e.getMessage()),
            e);
      }
    };
  }

  private static long checkedSize(Path file, Part part) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    if (!attributes.isRegularFile()) {
      throw new BadInputException(
          "part "
              + part.filename()
              + " in "
              + Printable.of(file.toAbsolutePath().getParent())
              + " is "
              + (attributes.isDirectory() ? "a directory" : "a FIFO, socket or device")
              + ", not a regular file: put the part's file there or point at the directory that"
              + " holds the parts");
    }
    long size = attributes.size();
    if (size > MAX_PART_SIZE) {
      throw new IntegrityException(
          "part " + part.filename() + " is " + size + " bytes; bundle parts are 10 MiB at most");
    }
    return size;
  }

  private static PartFetcher concatenated(InputStream stream, ImageInfo image) {
    int count = image.parts().size();
    long standard = BundleRequest.DEFAULT_PART_SIZE;
    long last = image.bundledSize() - standard * (count - 1);
    return (part, buffer) -> {
      long size = part.index() == count - 1 ? last : standard;
      if (size < 0 || size > standard) {
        throw new IntegrityException(
            "the manifest's bundled_size "
                + image.bundledSize()
                + " does not fit "
                + count
                + " parts of 10 MiB: this stream cannot be split into its parts");
      }
      byte[] array = PartBytes.room(buffer, (int) size);
      int read = stream.readNBytes(array, 0, (int) size);
      if (read < size) {
        throw new IntegrityException(
            "the parts stream ended inside part "
                + part.filename()
                + " after "
                + read
                + " of "
                + size
                + " bytes: a part is missing or truncated");
      }
      if (part.index() == count - 1 && stream.read() >= 0) {
        throw new IntegrityException(
            "the parts stream runs on past the "
                + image.bundledSize()
                + " bytes the manifest lists: an extra part or data from another bundle follows");
      }
      return new PartBytes(array, read);
    };
  }
}
