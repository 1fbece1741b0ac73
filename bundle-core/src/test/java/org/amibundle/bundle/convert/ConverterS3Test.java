package org.amibundle.bundle.convert;

import static org.amibundle.bundle.DiskImages.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.amibundle.bundle.BundleResult;
import org.amibundle.bundle.DiskImages;
import org.amibundle.bundle.Fixtures;
import org.amibundle.bundle.PartSource;
import org.amibundle.bundle.SignatureCheck;
import org.amibundle.bundle.s3.BundleDownloader;
import org.amibundle.bundle.s3.BundleUploader;
import org.amibundle.bundle.s3.S3Clients;
import org.amibundle.bundle.s3.S3Location;
import org.amibundle.bundle.s3.TransferListener;
import org.amibundle.bundle.s3.UploadRequest;
import org.amibundle.bundle.testing.S3ProxyServer;
import org.amibundle.manifest.ManifestReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** convert with the parts streamed from a real S3 server (S3Proxy on loopback), none stored. */
class ConverterS3Test {

  private static final S3Location LOCATION = S3Location.parse("amis/convert/");
  private static final long IMAGE = 40 * MIB;

  @TempDir Path work;

  @Test
  void bundleInS3_convertsOntoALargerFileWithGrow() throws Exception {
    Path image = DiskImages.gpt(work, "gpt.img", IMAGE);
    long offset = DiskImages.offset(image, 1);
    BundleResult bundle = ConverterTest.bundle(work, image);
    Path target = DiskImages.sparse(work, "target.img", 2 * IMAGE);

    ConvertResult result;
    try (S3ProxyServer server = S3ProxyServer.start(Files.createDirectory(work.resolve("s3")));
        S3Client s3 = S3Clients.create(server.settings())) {
      new BundleUploader(s3, 4, TransferListener.NONE)
          .upload(
              new UploadRequest(
                  bundle.manifestFile(),
                  bundle.manifestFile().getParent(),
                  LOCATION,
                  Optional.empty(),
                  0,
                  false,
                  Optional.empty()));
      byte[] manifest = BundleDownloader.manifest(s3, LOCATION, "gpt.img.manifest.xml");
      result =
          new Converter()
              .convert(
                  new ConvertRequest(
                      ManifestReader.read(manifest),
                      PartSource.fetched(BundleDownloader.partFetcher(s3, LOCATION)),
                      Fixtures.userKey(),
                      SignatureCheck.none(),
                      target,
                      OptionalLong.empty(),
                      true,
                      false));
    }

    assertEquals(OptionalInt.of(1), result.grownPartition());
    assertTrue(DiskImages.sgdiskVerify(target).contains("No problems found"));
    assertEquals(0, DiskImages.fsck(target, offset).exitCode());
    assertEquals(DiskImages.HELLO, DiskImages.cat(target, offset, "hello.txt"));
  }
}
