package org.amibundle.bundle.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.amibundle.LocalIoException;
import org.amibundle.bundle.internal.Digests;

/**
 * Cuts the ciphertext into parts of {@code partSize} bytes (the last one shorter, none empty) in a
 * staging directory, taking each part's SHA-1 as it is written. Parts are named {@code part-<i>}
 * there; their final names depend on the part count and are given when the bundle is committed.
 */
public final class PartSplittingOutputStream extends OutputStream {

  private final Path stagingDir;
  private final long partSize;
  private final List<StagedPart> parts = new ArrayList<>();
  private final MessageDigest sha1 = Digests.sha1();
  private FileChannel current;
  private Path currentFile;
  private long currentSize;
  private boolean closed;

  public PartSplittingOutputStream(Path stagingDir, long partSize) {
    if (partSize <= 0) {
      throw new IllegalArgumentException("part size must be > 0, got " + partSize);
    }
    this.stagingDir = stagingDir;
    this.partSize = partSize;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (current == null) {
        open();
      }
      int n = (int) Math.min(len, partSize - currentSize);
      sha1.update(b, off, n);
      ByteBuffer buffer = ByteBuffer.wrap(b, off, n);
      try {
        while (buffer.hasRemaining()) {
          current.write(buffer);
        }
      } catch (IOException e) {
        throw failure("write", e);
      }
      currentSize += n;
      off += n;
      len -= n;
      if (currentSize == partSize) {
        finishPart();
      }
    }
  }

  private void open() throws IOException {
    currentFile = stagingDir.resolve("part-" + parts.size());
    try {
      current =
          FileChannel.open(currentFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw failure("create", e);
    }
    currentSize = 0;
  }

  private void finishPart() throws IOException {
    try (FileChannel channel = current) {
      channel.force(true);
    } catch (IOException e) {
      throw failure("write", e);
    } finally {
      current = null;
    }
    parts.add(new StagedPart(parts.size(), currentFile, currentSize, sha1.digest()));
  }

  private LocalIoException failure(String verb, IOException e) {
    return new LocalIoException(
        "could not "
            + verb
            + " bundle part "
            + currentFile.getFileName()
            + " in "
            + stagingDir.getParent()
            + " ("
            + e.getMessage()
            + "): free some space or choose another destination",
        e);
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (current != null) {
      finishPart();
    }
  }

  /** The parts written, in order; complete once the stream is closed. */
  public List<StagedPart> parts() {
    if (!closed) {
      throw new IllegalStateException("parts are known once the stream is closed");
    }
    return List.copyOf(parts);
  }
}
