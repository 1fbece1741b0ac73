package org.amibundle.bundle.s3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.amibundle.AmiBundleException;
import org.amibundle.LocalIoException;
import org.amibundle.NotFoundException;
import org.amibundle.Setting;
import org.amibundle.bundle.internal.crypto.Digests;
import org.amibundle.manifest.Manifest;
import org.amibundle.manifest.ManifestReader;
import org.amibundle.manifest.Part;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Uploads a bundle: the parts in parallel, each with its Content-MD5 (S3 refuses a part damaged on
 * the way), then the manifest, unchanged, last — so a manifest in S3 always has its parts. A part
 * already in S3 with the same MD5 and size is skipped, so a run after a crash uploads only what is
 * missing. A missing bucket is created, in the requested location if one is given; an existing
 * bucket in another location is refused before anything is sent.
 */
public final class BundleUploader {

  private final S3Client s3;
  private final int parallelism;
  private final TransferListener listener;

  public BundleUploader(S3Client s3, int parallelism, TransferListener listener) {
    this.s3 = s3;
    this.parallelism = parallelism;
    this.listener = listener;
  }

  /** Uploads; returns the manifest's key. */
  public String upload(UploadRequest request) throws IOException {
    Manifest manifest = ManifestReader.read(request.manifestFile()).manifest();
    List<Path> files = new ArrayList<>();
    for (Part part : manifest.image().parts()) {
      Path file = request.partsDirectory().resolve(part.filename());
      if (!Files.isRegularFile(file)) {
        throw new NotFoundException(
            "part "
                + part.filename()
                + " is not in "
                + request.partsDirectory()
                + ": bundle again or give "
                + Setting.DIRECTORY);
      }
      if (part.index() >= request.firstPart()) {
        files.add(file);
      }
    }
    BucketLocations.ensure(s3, request.location().bucket(), request.bucketLocation());
    List<ParallelTransfers.Transfer> transfers = new ArrayList<>();
    long bytes = size(request.manifestFile());
    for (Path file : files) {
      transfers.add(() -> putUnlessPresent(request, file));
      bytes += size(file);
    }
    listener.started(files.size() + 1, bytes);
    try {
      ParallelTransfers.runAll(transfers, parallelism);
      String manifestKey = request.location().key(request.manifestFile().getFileName().toString());
      if (request.skipManifest()) {
        listener.skipped(manifestKey, size(request.manifestFile()));
      } else {
        put(request, request.manifestFile(), manifestKey, ObjectPut.md5(request.manifestFile()));
      }
      return manifestKey;
    } finally {
      listener.finished();
    }
  }

  /**
   * Refuses the request's bucket when it exists in another location than the one asked for (the
   * reference's exit 10), before anything is sent; see {@link BucketLocations#requireHere}.
   */
  public void requireBucketHere(UploadRequest request) throws AmiBundleException {
    BucketLocations.requireHere(s3, request.location().bucket(), request.bucketLocation());
  }

  private void putUnlessPresent(UploadRequest request, Path file) throws IOException {
    String key = request.location().key(file.getFileName().toString());
    byte[] md5 = ObjectPut.md5(file);
    long size = size(file);
    if (alreadyThere(request.location().bucket(), key, md5, size)) {
      listener.skipped(key, size);
      return;
    }
    put(request, file, key, md5);
  }

  private boolean alreadyThere(String bucket, String key, byte[] md5, long size)
      throws AmiBundleException {
    Optional<HeadObjectResponse> head = S3Objects.head(s3, bucket, key);
    return head.isPresent()
        && head.get().contentLength() == size
        && S3Objects.etag(head.get().eTag()).equals(Digests.hex(md5));
  }

  private void put(UploadRequest request, Path file, String key, byte[] md5) throws IOException {
    ObjectPut.put(
        s3,
        request.location(),
        file.getFileName().toString(),
        request.acl(),
        md5,
        RequestBody.fromFile(file));
    listener.transferred(key, size(file));
  }

  private static long size(Path file) throws LocalIoException {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new LocalIoException("could not read " + file + ": " + e.getMessage(), e);
    }
  }
}
