package org.amibundle.cli.options;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import org.amibundle.manifest.keys.PemFiles;
import picocli.CommandLine.Option;

/**
 * {@code -k PATH} of the commands that open a bundle (unbundle, download-and-unbundle, convert):
 * the private key that decrypts its AES key and IV. Where -k means something else (the key that
 * signs, or one that is optional) the command declares its own.
 */
public final class BundleKeyOption {

  @Option(
      names = {"-k", "--privatekey"},
      required = true,
      paramLabel = "PATH",
      description = "PEM RSA private key that opens the bundle (the user's, or EC2's).")
  Path path;

  /** The key, read from its PEM file. */
  public PrivateKey read() throws IOException {
    return PemFiles.readPrivateKey(path);
  }
}
