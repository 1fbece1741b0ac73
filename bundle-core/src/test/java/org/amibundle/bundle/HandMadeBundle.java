package org.amibundle.bundle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.amibundle.bundle.internal.crypto.AesCbc;
import org.amibundle.bundle.internal.crypto.Digests;
import org.amibundle.bundle.stream.EncryptingOutputStream;
import org.amibundle.bundle.stream.ParallelGzipOutputStream;
import org.amibundle.manifest.BundlingTool;
import org.amibundle.manifest.Digest;
import org.amibundle.manifest.ImageInfo;
import org.amibundle.manifest.MachineConfiguration;
import org.amibundle.manifest.Manifest;
import org.amibundle.manifest.ManifestWriter;
import org.amibundle.manifest.Part;
import org.amibundle.manifest.keys.AesKeyIv;
import org.amibundle.manifest.keys.BundleKeys;
import org.amibundle.manifest.keys.Rsa;
import org.amibundle.manifest.sign.ManifestSigner;

/**
 * A one-part bundle around any tar stream (or gzip stream), its AES key wrapped for the test user
 * and EC2, for tests of what the unbundler must refuse: second members, links, bad names, sizes,
 * damaged streams, unsigned or foreign-signed manifests.
 */
final class HandMadeBundle {

  private HandMadeBundle() {}

  /**
   * Writes {@code name.part.0} and {@code name.manifest.xml}, signed by the test user, into {@code
   * dir}; returns the manifest. {@code name} is the manifest's image name; the tar member's is
   * whatever {@code tarStream} holds.
   */
  static Path write(Path dir, String name, byte[] tarStream, long imageSize) throws IOException {
    return write(
        dir, name, tarStream, imageSize, Optional.of(Fixtures.credentials().userPrivateKey()));
  }

  /** As {@link #write(Path, String, byte[], long)}, signed by {@code signer} or not at all. */
  static Path write(
      Path dir, String name, byte[] tarStream, long imageSize, Optional<PrivateKey> signer)
      throws IOException {
    return writeCompressed(
        dir,
        name,
        gzip(tarStream),
        Digests.hex(Digests.sha1().digest(tarStream)),
        imageSize,
        signer);
  }

  /** The gzip stream of {@code bytes} as our bundler writes it. */
  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var gzip = new ParallelGzipOutputStream(out)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * A bundle of the gzip stream {@code gzipStream} (which may be damaged) whose manifest gives
   * {@code tarSha1} as the image digest and {@code imageSize} as the image size.
   */
  static Path writeCompressed(
      Path dir,
      String name,
      byte[] gzipStream,
      String tarSha1,
      long imageSize,
      Optional<PrivateKey> signer)
      throws IOException {
    BundleCredentials credentials = Fixtures.credentials();
    AesKeyIv secret = AesKeyIv.random(new SecureRandom());
    ByteArrayOutputStream ciphertext = new ByteArrayOutputStream();
    try (var encrypting = new EncryptingOutputStream(ciphertext, AesCbc.encryptor(secret))) {
      encrypting.write(gzipStream);
    }
    byte[] part = ciphertext.toByteArray();
    String partName = "part.0";
    Files.write(dir.resolve(partName), part);
    Manifest manifest =
        new Manifest(
            Manifest.CURRENT_VERSION,
            new BundlingTool("amibundle-test", "0.1", "0"),
            new MachineConfiguration(
                "x86_64", List.of(), Optional.empty(), Optional.empty(), List.of()),
            new ImageInfo(
                name,
                Fixtures.ACCOUNT,
                "machine",
                Optional.empty(),
                List.of(),
                new Digest("SHA1", tarSha1),
                imageSize,
                part.length,
                BundleKeys.wrap(
                    secret,
                    credentials.userCertificate().getPublicKey(),
                    credentials.ec2Certificate().getPublicKey(),
                    Rsa.JCE),
                List.of(
                    new Part(
                        0,
                        partName,
                        new Digest("SHA1", Digests.hex(Digests.sha1().digest(part)))))),
            null);
    Path manifestFile = dir.resolve("bundle.manifest.xml");
    Files.write(
        manifestFile,
        signer.isPresent()
            ? ManifestSigner.signAndWrite(manifest, signer.get(), Rsa.JCE)
            : ManifestWriter.write(manifest));
    return manifestFile;
  }
}
