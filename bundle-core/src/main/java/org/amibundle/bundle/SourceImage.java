package org.amibundle.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.amibundle.BadInputException;
import org.amibundle.LocalIoException;
import org.amibundle.NotFoundException;
import org.amibundle.Setting;
import org.amibundle.bundle.tar.DataLayout;
import org.amibundle.bundle.tar.HoleScanner;
import org.amibundle.bundle.tar.TarEntryInfo;

/**
 * The image being read: its channel, its tar entry and where its data lies; for a regular file, its
 * {@link Stamp} taken before anything was read, which must still hold once all was read.
 */
record SourceImage(
    ReadableByteChannel channel,
    TarEntryInfo entry,
    DataLayout layout,
    InputStream stream,
    String description,
    Stamp before)
    implements AutoCloseable {

  /**
   * Size, modification and change time of a regular file: a write, a truncation or an {@code mtime}
   * set back changes one of them (the change time always). GNU tar compares the same.
   */
  record Stamp(Path file, long size, FileTime modified, FileTime changed) {

    static Stamp of(Path file) throws IOException {
      Map<String, Object> attributes =
          Files.readAttributes(file, "unix:size,lastModifiedTime,ctime");
      return new Stamp(
          file,
          (Long) attributes.get("size"),
          (FileTime) attributes.get("lastModifiedTime"),
          (FileTime) attributes.get("ctime"));
    }
  }

  static SourceImage open(BundleRequest request) throws IOException {
    if (request.image() instanceof ImageSource.StreamSource s) {
      return new SourceImage(
          Channels.newChannel(s.stream()),
          new TarEntryInfo(request.name(), 0644, Instant.now().getEpochSecond()),
          DataLayout.dense(s.size()),
          s.stream(),
          "stream",
          null);
    }
    Path path = ((ImageSource.FileSource) request.image()).path();
    if (!Files.exists(path)) {
      throw new NotFoundException(
          "image " + path + " does not exist: check the path of " + Setting.IMAGE);
    }
    boolean regular = Files.isRegularFile(path);
    Stamp before = regular ? Stamp.of(path) : null;
    TarEntryInfo entry =
        regular
            ? new TarEntryInfo(
                request.name(),
                ((Integer) Files.getAttribute(path, "unix:mode")) & 07777,
                before.modified().toInstant().getEpochSecond())
            : new TarEntryInfo(request.name(), 0644, Instant.now().getEpochSecond());
    DataLayout layout = HoleScanner.scan(path, request.holes());
    try {
      return new SourceImage(
          FileChannel.open(path, StandardOpenOption.READ),
          entry,
          layout,
          null,
          path.toString(),
          before);
    } catch (IOException e) {
      throw new LocalIoException("cannot open image " + path + ": " + e.getMessage(), e);
    }
  }

  /** A stream image must end exactly at its announced size. */
  void checkFullyRead() throws IOException {
    if (stream != null && stream.read() >= 0) {
      throw new BadInputException(
          "the image stream holds more than the announced "
              + layout.size()
              + " bytes: give its exact size");
    }
  }

  /**
   * A regular file must be as it was before it was read (as GNU tar checks, "file changed as we
   * read it"): otherwise the bundle may hold parts of two versions of it.
   */
  void checkUnchanged() throws IOException {
    if (before == null) {
      return;
    }
    Stamp after = Stamp.of(before.file());
    if (!after.equals(before)) {
      throw new BadInputException(
          "image "
              + description
              + " changed as it was read (size "
              + before.size()
              + " -> "
              + after.size()
              + ", modified "
              + before.modified()
              + " -> "
              + after.modified()
              + ", changed "
              + before.changed()
              + " -> "
              + after.changed()
              + "): a program writes to it; bundle a snapshot or a copy no program writes to");
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
