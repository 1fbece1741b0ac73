package org.amibundle.bundle;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.amibundle.bundle.internal.crypto.Digests;
import org.amibundle.manifest.ImageInfo;
import org.amibundle.manifest.Part;
import org.amibundle.manifest.keys.PemFiles;
import org.amibundle.testing.ExternalTool;
import org.amibundle.testing.TestData;

/** Keys, images and checks the bundle tests share. */
public final class Fixtures {

  public static final String ACCOUNT = "111122223333";

  private Fixtures() {}

  public static BundleCredentials credentials() {
    try {
      return new BundleCredentials(
          PemFiles.readCertificate(TestData.userCert()),
          PemFiles.readPrivateKey(TestData.userKey()),
          PemFiles.readCertificate(TestData.ec2Cert()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static PrivateKey userKey() throws IOException {
    return PemFiles.readPrivateKey(TestData.userKey());
  }

  public static PrivateKey ec2Key() throws IOException {
    return PemFiles.readPrivateKey(TestData.ec2Key());
  }

  public static BundleRequest.Builder request(Path image, Path destination) {
    return BundleRequest.builder(ImageSource.file(image), destination, credentials())
        .accountId(ACCOUNT)
        .architecture("x86_64");
  }

  /**
   * Writes an image of {@code size} bytes: pseudo-random data in the given [offset, length) runs,
   * holes everywhere else (the file is extended with setLength, so they are real holes).
   */
  public static Path image(Path file, long size, long seed, long[][] dataRuns) throws IOException {
    Random random = new Random(seed);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(0);
      for (long[] run : dataRuns) {
        byte[] data = new byte[(int) run[1]];
        random.nextBytes(data);
        raf.seek(run[0]);
        raf.write(data);
      }
      raf.setLength(size);
    }
    return file;
  }

  /** An image of random data with no holes. */
  public static Path denseImage(Path file, int size, long seed) throws IOException {
    return image(file, size, seed, size == 0 ? new long[0][] : new long[][] {{0, size}});
  }

  public static String sha1(Path file) throws IOException {
    return hash("SHA-1", file);
  }

  public static String sha256(Path file) throws IOException {
    return hash("SHA-256", file);
  }

  private static String hash(String algorithm, Path file) throws IOException {
    try (var in = Files.newInputStream(file)) {
      MessageDigest digest =
          algorithm.equals("SHA-1") ? Digests.sha1() : MessageDigest.getInstance(algorithm);
      byte[] buffer = new byte[1 << 20];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Bytes the filesystem has allocated for a file (stat's blocks × 512). */
  public static long allocatedBytes(Path file) {
    String blocks =
        ExternalTool.run(null, "stat", "-c", "%b", file.toString()).orFail().stdoutText().trim();
    return Long.parseLong(blocks) * 512;
  }

  /**
   * Opens a bundle with GNU tools alone, as EC2 and ec2-unbundle do: openssl pkeyutl for the key
   * and IV (the user's or EC2's copy), then {@code cat parts | openssl enc -d | gunzip | tar -xS}.
   * Returns a new directory under {@code work} holding the image and {@code digest}, the SHA-1 of
   * the tar stream.
   */
  public static Path gnuUnbundle(
      Path work, ImageInfo info, Path partsDir, Path privateKey, boolean userCopy)
      throws IOException {
    Path restored = Files.createTempDirectory(work, "gnu-");
    String key = userCopy ? info.keys().userEncryptedKey() : info.keys().ec2EncryptedKey();
    String iv = userCopy ? info.keys().userEncryptedIv() : info.keys().ec2EncryptedIv();
    Files.write(restored.resolve("key.rsa"), HexFormat.of().parseHex(key));
    Files.write(restored.resolve("iv.rsa"), HexFormat.of().parseHex(iv));
    List<String> parts =
        info.parts().stream()
            .map(Part::filename)
            .map(n -> "'" + partsDir.resolve(n) + "'")
            .toList();
    ExternalTool.bash(
        restored,
        "k=$(openssl pkeyutl -decrypt -inkey '"
            + privateKey
            + "' -in key.rsa); i=$(openssl pkeyutl -decrypt -inkey '"
            + privateKey
            + "' -in iv.rsa); rm key.rsa iv.rsa;"
            + " [ ${#k} -eq 32 ] && [ ${#i} -eq 32 ];"
            + " cat "
            + String.join(" ", parts)
            + " | openssl enc -d -aes-128-cbc -K \"$k\" -iv \"$i\" | gunzip"
            + " | tee >(sha1sum | cut -d' ' -f1 > digest) | tar -xS");
    return restored;
  }
}
