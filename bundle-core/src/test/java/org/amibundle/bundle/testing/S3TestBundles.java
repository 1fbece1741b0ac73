package org.amibundle.bundle.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.amibundle.bundle.BundleCredentials;
import org.amibundle.bundle.BundleRequest;
import org.amibundle.bundle.BundleResult;
import org.amibundle.bundle.Bundler;
import org.amibundle.bundle.ImageSource;
import org.amibundle.bundle.s3.TransferListener;
import org.amibundle.manifest.keys.PemFiles;
import org.amibundle.testing.TestData;

/** What the S3 tests share: a small many-part bundle, and a listener that records transfers. */
public final class S3TestBundles {

  private S3TestBundles() {}

  /** Records what a transfer did. */
  public static final class Recorder implements TransferListener {
    public final List<String> transferred = Collections.synchronizedList(new ArrayList<>());
    public final List<String> skipped = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void transferred(String key, long bytes) {
      transferred.add(key);
    }

    @Override
    public void skipped(String key, long bytes) {
      skipped.add(key);
    }
  }

  /**
   * Bundles 3 MB of random data (seeded) from {@code work/web.img} into {@code work/bundle} with
   * 512 KiB parts, so that there are several parts to move, lose or break.
   */
  public static BundleResult bundle(Path work, long seed) throws IOException {
    return bundle(work, seed, 512 * 1024);
  }

  /** The same with parts of {@code partSize} bytes. */
  public static BundleResult bundle(Path work, long seed, int partSize) throws IOException {
    byte[] bytes = new byte[3_000_000];
    new Random(seed).nextBytes(bytes);
    Path image = Files.write(work.resolve("web.img"), bytes);
    BundleCredentials credentials =
        new BundleCredentials(
            PemFiles.readCertificate(TestData.userCert()),
            PemFiles.readPrivateKey(TestData.userKey()),
            PemFiles.readCertificate(TestData.ec2Cert()));
    return new Bundler()
        .bundle(
            BundleRequest.builder(
                    ImageSource.file(image),
                    Files.createDirectory(work.resolve("bundle")),
                    credentials)
                .accountId("111122223333")
                .partSize(partSize)
                .build());
  }
}
