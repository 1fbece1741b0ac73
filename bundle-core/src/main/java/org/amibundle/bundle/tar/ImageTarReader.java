package org.amibundle.bundle.tar;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.amibundle.AmiBundleException;
import org.amibundle.BadInputException;
import org.amibundle.IntegrityException;
import org.amibundle.Printable;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveStructSparse;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Reads a bundle's tar stream: exactly one regular image member, ordinary (ustar, GNU), old-GNU
 * sparse or PAX sparse (formats 0.0, 0.1, 1.0), long names included. Commons Compress parses the
 * headers; the data is read here, straight from the stream, so holes cost nothing and an early end
 * is always seen. Data reaches the sink without holes and without all-zero pages, so restored
 * images stay sparse.
 */
public final class ImageTarReader {

  private ImageTarReader() {}

  /**
   * Validates the one member, hands its data to {@code sink}, and reads {@code tarStream} to its
   * end (end-of-archive blocks and record padding included) without closing it.
   *
   * @param maxSize the largest image accepted (a bundle's: the manifest's image size); a member
   *     whose header or sparse map announces more is refused before any of its data is read
   * @throws BadInputException if the stream holds no regular file with a plain name, or more than
   *     one member
   * @throws IntegrityException if the stream is malformed, ends inside the member, or announces an
   *     image larger than {@code maxSize}
   */
  public static TarImage read(InputStream tarStream, ImageSink sink, long maxSize)
      throws IOException {
    CountingInputStream raw = new CountingInputStream(tarStream);
    SparseHeaderTarInputStream tar = new SparseHeaderTarInputStream(raw);
    TarArchiveEntry entry = nextEntry(tar, raw, null);
    if (entry == null) {
      throw new IntegrityException(
          "bundle tar stream holds no member, expected one image file;"
              + " the bundle is damaged or incomplete, fetch it again");
    }
    String name = checkMember(entry);
    OldGnuSparseHeader oldGnuSparse = tar.oldGnuSparse();
    if (oldGnuSparse != null) {
      checkSize(name, oldGnuSparse.realSize(), maxSize);
    }
    DataLayout layout = oldGnuSparse != null ? oldGnuSparse.layout(raw, name) : layoutOf(entry);
    checkSize(name, layout.size(), maxSize);
    sink.begin(name, layout.size());
    new MemberData(raw, name, layout, sink).deliver();
    TarArchiveEntry second = nextEntry(new SparseHeaderTarInputStream(raw), raw, name);
    if (second != null) {
      throw new BadInputException(
          "bundle tar stream holds a second member '"
              + Printable.of(second.getName())
              + "' after '"
              + Printable.of(name)
              + "': a bundle holds one image file; this bundle was not made by a bundling tool"
              + " or was altered");
    }
    sink.end();
    tarStream.transferTo(OutputStream.nullOutputStream());
    return new TarImage(name, layout.size(), oldGnuSparse != null || entry.isSparse());
  }

  private static void checkSize(String member, long size, long maxSize) throws IntegrityException {
    if (size > maxSize) {
      throw new IntegrityException(
          "bundle tar member '"
              + member
              + "' announces an image of "
              + size
              + " bytes, the"
              + " manifest says "
              + maxSize
              + ": refused before writing; the bundle was altered"
              + " or its manifest belongs to another bundle");
    }
  }

  private static TarArchiveEntry nextEntry(
      SparseHeaderTarInputStream tar, CountingInputStream raw, String after) throws IOException {
    try {
      return tar.getNextEntry();
    } catch (AmiBundleException e) {
      throw e;
    } catch (IOException | IllegalArgumentException e) {
      String where = after == null ? "" : " after member '" + Printable.of(after) + "'";
      String problem = raw.ended() ? "ends early" : "has a malformed header";
      throw new IntegrityException(
          "bundle tar stream "
              + problem
              + where
              + " ("
              + Printable.of(e.getMessage())
              + ") at byte "
              + raw.count()
              + "; the bundle is damaged or incomplete, fetch it again",
          e);
    }
  }

  private static String checkMember(TarArchiveEntry entry) throws BadInputException {
    String name = entry.getName();
    byte type = entry.getLinkFlag();
    if (type != TarConstants.LF_NORMAL && type != TarConstants.LF_OLDNORM) {
      throw new BadInputException(
          "bundle tar member '"
              + Printable.of(name)
              + "' is a "
              + describe(type)
              + " (typeflag '"
              + (char) type
              + "'), expected a regular file: a bundle holds one image file;"
              + " this bundle was not made by a bundling tool or was altered");
    }
    String problem = MemberNames.problem(name);
    if (problem != null) {
      throw new BadInputException(
          "bundle tar member name "
              + problem
              + ": the image is written under this name only"
              + " when it is a plain file name; this bundle was not made by a bundling tool"
              + " or was altered");
    }
    return name;
  }

  private static String describe(byte type) {
    return switch (type) {
      case TarConstants.LF_DIR -> "directory";
      case TarConstants.LF_SYMLINK -> "symbolic link";
      case TarConstants.LF_LINK -> "hard link";
      case TarConstants.LF_CHR -> "character device";
      case TarConstants.LF_BLK -> "block device";
      case TarConstants.LF_FIFO -> "fifo";
      default -> "member of an unsupported type";
    };
  }

  /** An ordinary member's layout, or a PAX sparse member's from its sparse map. */
  private static DataLayout layoutOf(TarArchiveEntry entry) throws IntegrityException {
    if (!entry.isSparse()) {
      return DataLayout.dense(entry.getSize());
    }
    List<Extent> data = new ArrayList<>();
    for (TarArchiveStructSparse region : entry.getSparseHeaders()) {
      if (region.getNumbytes() > 0) {
        data.add(new Extent(region.getOffset(), region.getNumbytes()));
      }
    }
    data.sort(Comparator.comparingLong(Extent::offset));
    try {
      return new DataLayout(entry.getRealSize(), data);
    } catch (IllegalArgumentException e) {
      throw new IntegrityException(
          "bundle tar member '"
              + Printable.of(entry.getName())
              + "' has a bad sparse map: "
              + e.getMessage()
              + "; the bundle is damaged, fetch it again",
          e);
    }
  }
}
