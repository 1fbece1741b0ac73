package org.amibundle.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.amibundle.manifest.keys.PemFiles;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding example of README.md, compiled and run; README must show exactly this code. */
class EmbeddingExampleTest {

  @TempDir Path work;

  @Test
  void readmeExample_bundlesAndUnbundles() throws IOException {
    Path image = Fixtures.denseImage(work.resolve("disk.img"), 1_000_000, 1);
    Path bundleDir = Files.createDirectory(work.resolve("bundle"));
    Path restoredDir = Files.createDirectory(work.resolve("restored"));
    Path keys = TestData.root().resolve("keys");

    example(image, bundleDir, restoredDir, keys);

    assertEquals(Fixtures.sha256(image), Fixtures.sha256(restoredDir.resolve("disk.img")));
  }

  // README-EXAMPLE-BEGIN
  static void example(Path image, Path bundleDir, Path restoredDir, Path keys) throws IOException {
    X509Certificate userCert = PemFiles.readCertificate(keys.resolve("user-cert.pem"));
    PrivateKey userKey = PemFiles.readPrivateKey(keys.resolve("user-key.pem"));
    X509Certificate ec2Cert = PemFiles.readCertificate(keys.resolve("ec2-cert.pem"));

    BundleRequest request =
        BundleRequest.builder(
                ImageSource.file(image),
                bundleDir,
                new BundleCredentials(userCert, userKey, ec2Cert))
            .accountId("1111-2222-3333")
            .architecture("x86_64")
            .build();
    BundleResult bundle = new Bundler().bundle(request);
    System.out.println("manifest: " + bundle.manifestFile());

    UnbundleResult restored =
        new Unbundler()
            .unbundle(
                UnbundleRequest.of(bundle.manifestFile(), userKey, ImageTarget.directory(restoredDir))
                    .verifyingSignatureWith(userCert.getPublicKey()));
    System.out.println("image: " + restored.image().orElseThrow() + ", " + restored.size() + " bytes");
  }
  // README-EXAMPLE-END

  @Test
  void readme_showsTheExampleVerbatim() throws IOException {
    Path source = Path.of("src/test/java/org/amibundle/bundle/EmbeddingExampleTest.java");
    List<String> lines = Files.readAllLines(source);
    int begin = lines.indexOf("  // README-EXAMPLE-BEGIN");
    int end = lines.indexOf("  // README-EXAMPLE-END");
    String example =
        String.join(
            "\n", lines.subList(begin + 1, end).stream().map(l -> l.length() >= 2 ? l.substring(2) : l).toList());
    String readme = Files.readString(TestData.root().getParent().resolve("README.md"));
    assertTrue(readme.contains(example), "README.md must show the example exactly:\n" + example);
  }
}
