package org.amibundle.bundle.s3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.amibundle.IntegrityException;
import org.amibundle.NotFoundException;
import org.amibundle.bundle.BundleFileNames;
import org.amibundle.bundle.PartBytes;
import org.amibundle.bundle.PartFetcher;
import org.amibundle.bundle.internal.staging.StagingDirectory;
import org.amibundle.bundle.stream.VerifiedPartsInputStream;
import org.amibundle.manifest.Manifest;
import org.amibundle.manifest.ManifestReader;
import org.amibundle.manifest.Part;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Downloads a bundle: the manifest, then its parts in parallel, each checked against its SHA-1 in
 * the manifest (a bad one is fetched once more, then reported). Files are written into a hidden
 * {@link StagingDirectory} and moved in once all are checked, the manifest last, replacing an older
 * copy of the bundle whole: nothing half-downloaded or unchecked stands under a bundle's file name,
 * after a failure or a stop. Part names come from the manifest, whose reader refuses any name that
 * is not a plain file name.
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
  public Path download(S3Location location, String manifestName, Path directory)
      throws IOException {
    if (!Files.isDirectory(directory)) {
      throw new NotFoundException("directory " + directory + " does not exist: create it first");
    }
    byte[] raw = S3Objects.manifest(s3, location, manifestName);
    Manifest manifest = ManifestReader.read(raw).manifest();
    String fileName = Path.of(manifestName).getFileName().toString();
    String bundleName = BundleFileNames.bundleName(fileName);
    List<Part> parts = manifest.image().parts();
    Path[] staged = new Path[parts.size()];
    listener.started(parts.size() + 1, manifest.image().bundledSize() + raw.length);
    try (StagingDirectory staging = StagingDirectory.create(directory, bundleName)) {
      List<ParallelTransfers.Transfer> transfers = new ArrayList<>();
      for (int i = 0; i < parts.size(); i++) {
        int index = i;
        transfers.add(
            () -> staged[index] = downloadPart(location, parts.get(index), index, staging));
      }
      ParallelTransfers.runAll(transfers, parallelism);
      List<Path> files = new ArrayList<>(List.of(staged));
      List<String> names = new ArrayList<>(parts.stream().map(Part::filename).toList());
      files.add(staging.write("manifest", raw, raw.length));
      names.add(fileName);
      List<Path> placed = staging.commit(files, names);
      listener.transferred(location.key(manifestName), raw.length);
      return placed.get(placed.size() - 1);
    } finally {
      listener.finished();
    }
  }

  private Path downloadPart(S3Location location, Part part, int index, StagingDirectory staging)
      throws IOException {
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
      Path file = staging.write("part-" + index, bytes, bytes.length);
      listener.transferred(location.key(part.filename()), bytes.length);
      return file;
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
  public static PartFetcher partFetcher(
      S3Client s3, S3Location location, TransferListener listener) {
    // The SDK hands each response over as an array of its own: the buffer is not used.
    return (part, buffer) -> {
      byte[] bytes = S3Objects.get(s3, location, part.filename());
      listener.transferred(location.key(part.filename()), bytes.length);
      return PartBytes.of(bytes);
    };
  }
}
