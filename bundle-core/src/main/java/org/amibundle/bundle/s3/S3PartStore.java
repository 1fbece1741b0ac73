package org.amibundle.bundle.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.amibundle.AmiBundleException;
import org.amibundle.RemoteRefusedException;
import org.amibundle.RemoteUnreachableException;
import org.amibundle.Setting;
import org.amibundle.bundle.BundleFileNames;
import org.amibundle.bundle.FinishedPart;
import org.amibundle.bundle.PartStore;
import org.amibundle.bundle.internal.staging.CleanupOnExit;
import org.amibundle.bundle.internal.threads.WorkerThreads;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A {@link PartStore} that uploads each part to S3 as soon as it is cut, from memory (no part
 * touches the local disk), with its Content-MD5 and the canned ACL, several at once. At most {@link
 * StreamedUpload#maxPendingParts} parts wait or upload at a time: {@link #put} blocks while that
 * many are pending, which holds the bundling pipeline back to the upload's pace.
 *
 * <p>The manifest is uploaded on {@link #commit}, only after every part was uploaded. The first
 * failed upload (after the S3 client's retries) fails the next {@link #put} or the commit, so the
 * bundling stops early. Closing without a commit (any failure: S3, bad input, local I/O) waits for
 * the uploads under way and deletes every part sent so far (a failed upload may have been stored
 * all the same); when that fails, the exception {@link #close} throws says so, with the command
 * that removes them. A stop of the process (Ctrl-C, {@code kill}) before the commit does the same
 * from a shutdown hook, waiting at most {@link #STOP_WAIT_SECONDS} for the uploads under way; a
 * stop during the commit lets the manifest's upload end first.
 */
public final class S3PartStore implements PartStore {

  static final long STOP_WAIT_SECONDS = 30;

  private final S3Client s3;
  private final StreamedUpload upload;
  private final TransferListener listener;
  private final Semaphore room;
  private final ExecutorService uploaders;

  /** Parts whose upload was started: a failed one may still have been stored. */
  private final List<String> sent = Collections.synchronizedList(new ArrayList<>());

  private final AtomicReference<AmiBundleException> failure = new AtomicReference<>();
  private final CleanupOnExit cleanupOnExit;
  private volatile boolean stopping;
  private String bundleName;
  private boolean committed;
  private boolean closed;

  private S3PartStore(S3Client s3, StreamedUpload upload, TransferListener listener)
      throws InterruptedIOException {
    this.s3 = s3;
    this.upload = upload;
    this.listener = listener;
    this.room = new Semaphore(upload.maxPendingParts());
    this.uploaders = WorkerThreads.start("amibundle-s3-part-upload", upload.maxPendingParts());
    this.cleanupOnExit = CleanupOnExit.register("amibundle-s3-cleanup", this::stop);
  }

  /**
   * Checks the bucket before anything is bundled: creates it (in the requested location) when it is
   * missing, refuses it when it is elsewhere.
   */
  public static S3PartStore open(S3Client s3, StreamedUpload upload, TransferListener listener)
      throws IOException {
    BucketLocations.ensure(s3, upload.location().bucket(), upload.bucketLocation());
    return new S3PartStore(s3, upload, listener);
  }

  @Override
  public void put(String fileName, FinishedPart part) throws IOException {
    throwIfFailed();
    if (bundleName == null) {
      bundleName = BundleFileNames.bundleNameOfPart(fileName);
    }
    try {
      room.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted waiting to upload " + fileName);
    }
    uploaders.execute(() -> upload(fileName, part));
  }

  private void upload(String fileName, FinishedPart part) {
    try {
      if (failure.get() == null && !stopping) {
        sent.add(fileName);
        put(fileName, part.bytes(), part.length());
      }
    } catch (AmiBundleException e) {
      failure.compareAndSet(null, e);
    } catch (RuntimeException e) {
      failure.compareAndSet(
          null,
          new RemoteUnreachableException(
              "uploading " + fileName + " to " + upload.location() + " failed: " + e, e));
    } finally {
      part.release();
      room.release();
    }
  }

  private void put(String fileName, byte[] bytes, int length) throws AmiBundleException {
    ObjectPut.put(
        s3,
        upload.location(),
        fileName,
        upload.acl(),
        ObjectPut.md5(bytes, length),
        RequestBody.fromContentProvider(
            () -> new ByteArrayInputStream(bytes, 0, length), length, "binary/octet-stream"));
    listener.transferred(upload.location().key(fileName), length);
  }

  @Override
  public void commit(String manifestName, byte[] manifest) throws IOException {
    awaitUploads();
    throwIfFailed();
    synchronized (this) {
      if (stopping) {
        throw new InterruptedIOException("the process is stopping");
      }
      // Deleted with the parts should its PUT fail after all (a server that stored it and then
      // failed the answer or its check): no manifest may stay without its parts.
      sent.add(manifestName);
      put(manifestName, manifest, manifest.length);
      committed = true;
    }
  }

  private void awaitUploads() throws InterruptedIOException {
    try {
      room.acquire(upload.maxPendingParts());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted waiting for the part uploads");
    }
    room.release(upload.maxPendingParts());
  }

  /** The shutdown hook: as {@link #close} without a commit, with a bounded wait, quietly. */
  private synchronized void stop() {
    if (committed || closed) {
      return;
    }
    stopping = true;
    try {
      if (room.tryAcquire(upload.maxPendingParts(), STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
        room.release(upload.maxPendingParts());
      }
      removeSent();
    } catch (IOException | RuntimeException e) {
      // the process is ending: the parts left are named by delete-bundle -p, see the manual
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void throwIfFailed() throws AmiBundleException {
    AmiBundleException first = failure.get();
    if (first != null) {
      throw first;
    }
  }

  /**
   * Without a commit: waits for the uploads under way and deletes the parts sent, so that no part
   * without a manifest is left behind. Closing again does nothing.
   */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (!committed) {
        stopping = true;
        awaitUploads();
        removeSent();
      }
    } finally {
      uploaders.shutdownNow();
      cleanupOnExit.cancel();
    }
  }

  private void removeSent() throws AmiBundleException {
    List<String> keys;
    synchronized (sent) {
      keys = sent.stream().map(upload.location()::key).toList();
    }
    if (keys.isEmpty()) {
      return;
    }
    try {
      new BundleDeleter(s3, upload.maxPendingParts(), TransferListener.NONE)
          .delete(upload.location().bucket(), keys);
    } catch (IOException e) {
      String message =
          (keys.stream().anyMatch(BundleFileNames::isManifest)
                  ? "the manifest's upload failed, and the "
                      + keys.size()
                      + " objects sent, the manifest among them,"
                  : "no manifest was uploaded, but the "
                      + keys.size()
                      + " parts sent before the failure")
              + " could not all be deleted from "
              + upload.location()
              + " ("
              + e.getMessage()
              + "): delete them as delete-bundle does, with "
              + Setting.BUCKET
              + " "
              + upload.location()
              + " and "
              + Setting.PREFIX
              + " "
              + bundleName;
      throw e instanceof RemoteRefusedException
          ? new RemoteRefusedException(message, e)
          : new RemoteUnreachableException(message, e);
    }
  }
}
