package org.amibundle.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths into the repository's {@code testdata/} folder (golden bundles, test keys). */
public final class TestData {

  private TestData() {}

  /**
   * The {@code testdata/} folder; Maven passes it as the system property {@code
   * amibundle.testdata}.
   */
  public static Path root() {
    String configured = System.getProperty("amibundle.testdata");
    Path root = configured != null ? Path.of(configured) : findUpwards();
    if (!Files.isDirectory(root.resolve("keys"))) {
      throw new IllegalStateException("testdata folder not found at " + root);
    }
    return root;
  }

  public static Path key(String fileName) {
    return root().resolve("keys").resolve(fileName);
  }

  public static Path userKey() {
    return key("user-key.pem");
  }

  public static Path userKeyPkcs8() {
    return key("user-key-pkcs8.pem");
  }

  public static Path userCert() {
    return key("user-cert.pem");
  }

  public static Path ec2Key() {
    return key("ec2-key.pem");
  }

  public static Path ec2Cert() {
    return key("ec2-cert.pem");
  }

  /** A golden bundle folder written by the real ec2-ami-tools: tiny, multipart, gptdisk, opts. */
  public static Path reference(String bundle) {
    return root().resolve("reference").resolve(bundle);
  }

  /** The manifest of a golden bundle (the only {@code *.manifest.xml} in its folder). */
  public static Path referenceManifest(String bundle) {
    try (var files = Files.list(reference(bundle))) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".manifest.xml"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no manifest in " + reference(bundle)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path findUpwards() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("testdata").resolve("keys"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("run the tests from inside the repository");
    }
    return dir.resolve("testdata");
  }
}
