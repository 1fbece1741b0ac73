package org.amibundle.bundle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.amibundle.bundle.internal.AesCbc;
import org.amibundle.bundle.internal.Digests;
import org.amibundle.bundle.stream.EncryptingOutputStream;
import org.amibundle.bundle.stream.ParallelGzipOutputStream;
import org.amibundle.manifest.BundlingTool;
import org.amibundle.manifest.Digest;
import org.amibundle.manifest.ImageInfo;
import org.amibundle.manifest.MachineConfiguration;
import org.amibundle.manifest.Manifest;
import org.amibundle.manifest.Part;
import org.amibundle.manifest.keys.AesKeyIv;
import org.amibundle.manifest.keys.BundleKeys;
import org.amibundle.manifest.keys.Rsa;
import org.amibundle.manifest.sign.ManifestSigner;

/**
 * A correctly signed one-part bundle around any tar stream, for tests of what the unbundler must
 * refuse inside the tar (second members, links, bad names).
 */
final class HandMadeBundle {

  private HandMadeBundle() {}

  /** Writes {@code name.part.0} and {@code name.manifest.xml} into {@code dir}; returns the manifest. */
  static Path write(Path dir, String name, byte[] tarStream, long imageSize) throws IOException {
    BundleCredentials credentials = Fixtures.credentials();
    AesKeyIv secret = AesKeyIv.random(new SecureRandom());
    ByteArrayOutputStream ciphertext = new ByteArrayOutputStream();
    try (var gzip = new ParallelGzipOutputStream(new EncryptingOutputStream(ciphertext, AesCbc.encryptor(secret)))) {
      gzip.write(tarStream);
    }
    byte[] part = ciphertext.toByteArray();
    String partName = name + ".part.0";
    Files.write(dir.resolve(partName), part);
    Manifest manifest =
        new Manifest(
            Manifest.CURRENT_VERSION,
            new BundlingTool("amibundle-test", "0.1", "0"),
            new MachineConfiguration("x86_64", List.of(), Optional.empty(), Optional.empty(), List.of()),
            new ImageInfo(
                name,
                Fixtures.ACCOUNT,
                "machine",
                Optional.empty(),
                List.of(),
                new Digest("SHA1", Digests.hex(Digests.sha1().digest(tarStream))),
                imageSize,
                part.length,
                BundleKeys.wrap(
                    secret,
                    credentials.userCertificate().getPublicKey(),
                    credentials.ec2Certificate().getPublicKey(), Rsa.JCE),
                List.of(new Part(0, partName, new Digest("SHA1", Digests.hex(Digests.sha1().digest(part)))))),
            null);
    Path manifestFile = dir.resolve(name + ".manifest.xml");
    Files.write(
        manifestFile,
        ManifestSigner.signAndWrite(manifest, credentials.userPrivateKey(), Rsa.JCE));
    return manifestFile;
  }
}
