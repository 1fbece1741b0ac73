package org.amibundle.bundle.s3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.amibundle.IntegrityException;
import org.amibundle.LocalIoException;
import org.amibundle.Printable;
import org.amibundle.NotFoundException;
import org.amibundle.bundle.internal.AtomicFiles;
import org.amibundle.bundle.internal.WriteFailures;
import org.amibundle.bundle.stream.PartBytes;
import org.amibundle.bundle.stream.PartFetcher;
import org.amibundle.bundle.stream.VerifiedPartsInputStream;
import org.amibundle.manifest.Manifest;
import org.amibundle.manifest.ManifestReader;
import org.amibundle.manifest.Part;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Downloads a bundle: the manifest, then its parts in parallel, each checked against its SHA-1 in
 * the manifest (a bad one is fetched once more, then reported). Files are written under hidden
 * temporary names and renamed when checked, the manifest last: nothing half-downloaded or
 * unchecked stands under a bundle's file name. Part names come from the manifest, whose reader
 * refuses any name that is not a plain file name.
 */
public final class BundleDownloader {

  private static final int ATTEMPTS_PER_PART = 2;

  private final S3Client s3;
  private final int parallelism;
  private final TransferListener listener;

  public BundleDownloader(S3Client s3, int parallelism, TransferListener listener) {
    this.s3 = s3;
    this.parallelism = parallelism;
    this.listener = listener;
  }

  /** Downloads {@code manifestName} and its parts into {@code directory}; returns the manifest. */
  public Path download(S3Location location, String manifestName, Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      throw new NotFoundException("directory " + directory + " does not exist: create it first");
    }
    byte[] raw = S3Objects.manifest(s3, location, manifestName);
    Manifest manifest = ManifestReader.read(raw).manifest();
    List<ParallelTransfers.Transfer> transfers = new ArrayList<>();
    for (Part part : manifest.image().parts()) {
      transfers.add(() -> downloadPart(location, part, directory));
    }
    listener.started(transfers.size() + 1, manifest.image().bundledSize() + raw.length);
    try {
      ParallelTransfers.runAll(transfers, parallelism);
      Path manifestFile = directory.resolve(Path.of(manifestName).getFileName().toString());
      write(manifestFile, raw);
      listener.transferred(location.key(manifestName), raw.length);
      return manifestFile;
    } finally {
      listener.finished();
    }
  }

  private void downloadPart(S3Location location, Part part, Path directory) throws IOException {
    for (int attempt = 1; ; attempt++) {
      byte[] bytes = S3Objects.get(s3, location, part.filename());
      try {
        VerifiedPartsInputStream.checked(part, PartBytes.of(bytes));
      } catch (IntegrityException e) {
        if (attempt < ATTEMPTS_PER_PART) {
          continue;
        }
        throw new IntegrityException(
            "in S3, "
                + location.key(part.filename())
                + " (downloaded "
                + ATTEMPTS_PER_PART
                + " times): "
                + e.getMessage()
                + "; the bundle in S3 is damaged: upload it again",
            e);
      }
      write(directory.resolve(part.filename()), bytes);
      listener.transferred(location.key(part.filename()), bytes.length);
      return;
    }
  }

  private static void write(Path target, byte[] bytes) throws LocalIoException {
    try {
      AtomicFiles.replace(target, bytes);
    } catch (IOException e) {
      throw WriteFailures.of(Printable.of(target), target.toAbsolutePath().getParent(), e);
    }
  }

  /** The raw bytes of a manifest in S3. */
  public static byte[] manifest(S3Client s3, S3Location location, String manifestName)
      throws IOException {
    return S3Objects.manifest(s3, location, manifestName);
  }

  /** Fetches parts straight from S3, for unbundling without local copies. */
  public static PartFetcher partFetcher(S3Client s3, S3Location location) {
    return partFetcher(s3, location, TransferListener.NONE);
  }

  /**
   * Fetches parts straight from S3 and tells {@code listener} of each one fetched; the caller
   * starts and finishes the listener around the unbundling.
   */
  public static PartFetcher partFetcher(S3Client s3, S3Location location, TransferListener listener) {
    // The SDK hands each response over as an array of its own: the buffer is not used.
    return (part, buffer) -> {
      byte[] bytes = S3Objects.get(s3, location, part.filename());
      listener.transferred(location.key(part.filename()), bytes.length);
      return PartBytes.of(bytes);
    };
  }
}
