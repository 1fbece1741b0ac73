package org.amibundle.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.amibundle.BadInputException;
import org.amibundle.LocalIoException;
import org.amibundle.NotFoundException;
import org.amibundle.bundle.tar.DataLayout;
import org.amibundle.bundle.tar.HoleScanner;
import org.amibundle.bundle.tar.TarEntryInfo;

/** The image being read: its channel, its tar entry and where its data lies. */
record SourceImage(
    ReadableByteChannel channel,
    TarEntryInfo entry,
    DataLayout layout,
    InputStream stream,
    String description)
    implements AutoCloseable {

  static SourceImage open(BundleRequest request) throws IOException {
    if (request.image() instanceof ImageSource.StreamSource s) {
      return new SourceImage(
          Channels.newChannel(s.stream()),
          new TarEntryInfo(request.name(), 0644, Instant.now().getEpochSecond()),
          DataLayout.dense(s.size()),
          s.stream(),
          "stream");
    }
    Path path = ((ImageSource.FileSource) request.image()).path();
    if (!Files.exists(path)) {
      throw new NotFoundException("image " + path + " does not exist: check the --image path");
    }
    boolean regular = Files.isRegularFile(path);
    TarEntryInfo entry =
        regular
            ? new TarEntryInfo(
                request.name(),
                ((Integer) Files.getAttribute(path, "unix:mode")) & 07777,
                Files.getLastModifiedTime(path).toInstant().getEpochSecond())
            : new TarEntryInfo(request.name(), 0644, Instant.now().getEpochSecond());
    DataLayout layout = HoleScanner.scan(path, request.holes());
    try {
      return new SourceImage(
          FileChannel.open(path, StandardOpenOption.READ), entry, layout, null, path.toString());
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

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
