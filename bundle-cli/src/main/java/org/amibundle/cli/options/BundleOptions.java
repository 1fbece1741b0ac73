package org.amibundle.cli.options;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.amibundle.UsageException;
import picocli.CommandLine.Option;

/**
 * Options shared by the bundling commands (ec2-bundle-image and ec2-bundle-vol): keys, account,
 * destination and what goes into the manifest.
 */
public final class BundleOptions {

  @Option(
      names = {"-c", "--cert"},
      paramLabel = "PATH",
      description = "The user's PEM X.509 certificate; the AES key is encrypted to it.")
  Path cert;

  @Option(
      names = {"-k", "--privatekey"},
      paramLabel = "PATH",
      description = "The user's PEM RSA private key (PKCS#1 or PKCS#8); it signs the manifest.")
  Path privateKey;

  @Option(
      names = {"-u", "--user"},
      paramLabel = "ACCOUNT",
      description = "The 12-digit AWS account number (hyphens allowed).")
  String user;

  @Option(
      names = {"-d", "--destination"},
      paramLabel = "DIR",
      defaultValue = "/tmp",
      description = "Existing directory for the bundle (default: ${DEFAULT-VALUE}).")
  Path destination;

  @Option(
      names = {"-r", "--arch"},
      paramLabel = "ARCH",
      description = "Architecture: i386 or x86_64 (default: this machine's, after asking).")
  String arch;

  @Option(
      names = "--ec2cert",
      paramLabel = "PATH",
      description =
          "EC2's certificate (default: $EC2_AMITOOL_HOME/etc/ec2/amitools/cert-ec2.pem, then"
              + " /etc/ec2/amitools/cert-ec2.pem).")
  Path ec2cert;

  @Option(names = "--kernel", paramLabel = "ID", description = "Kernel ID (aki-…).")
  String kernel;

  @Option(names = "--ramdisk", paramLabel = "ID", description = "Ramdisk ID (ari-…).")
  String ramdisk;

  @Option(
      names = {"-B", "--block-device-mapping"},
      paramLabel = "MAPS",
      description =
          "Block device mappings VIRTUAL=DEVICE,…, e.g. ami=sda1,root=/dev/sda1; repeatable.")
  List<String> blockDeviceMappings = new ArrayList<>();

  @Option(
      names = "--productcodes",
      paramLabel = "CODES",
      split = ",",
      description = "Product codes, comma separated; each becomes its own manifest element.")
  List<String> productCodes = new ArrayList<>();

  @Option(
      names = "--no-size-checks",
      description = "Do not warn about images larger than EC2's 10 GiB instance-store limit.")
  boolean noSizeChecks;

  @Option(
      names = "--compress-level",
      paramLabel = "1-9",
      defaultValue = "6",
      description = "gzip level: 1 fastest, 9 smallest (default: ${DEFAULT-VALUE}).")
  int compressLevel;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Threads that compress (default: the number of processors).")
  Integer threads;

  /**
   * Fails unless -c, -k and -u are all given. They are checked here, not by the parser, because
   * bundle-vol --clone-only needs none of them.
   */
  public void requireCredentials() throws UsageException {
    List<String> missing = new ArrayList<>();
    if (cert == null) {
      missing.add("'--cert=PATH'");
    }
    if (privateKey == null) {
      missing.add("'--privatekey=PATH'");
    }
    if (user == null) {
      missing.add("'--user=ACCOUNT'");
    }
    if (!missing.isEmpty()) {
      throw new UsageException(
          "Missing required option"
              + (missing.size() > 1 ? "s: " : ": ")
              + String.join(", ", missing));
    }
  }

  public Path cert() {
    return cert;
  }

  public Path privateKey() {
    return privateKey;
  }

  public String user() {
    return user;
  }

  public Path destination() {
    return destination;
  }

  public Optional<String> arch() {
    return Optional.ofNullable(arch);
  }

  public Optional<Path> ec2cert() {
    return Optional.ofNullable(ec2cert);
  }

  public Optional<String> kernel() {
    return Optional.ofNullable(kernel);
  }

  public Optional<String> ramdisk() {
    return Optional.ofNullable(ramdisk);
  }

  public List<String> blockDeviceMappings() {
    return List.copyOf(blockDeviceMappings);
  }

  public List<String> productCodes() {
    return productCodes.stream().map(String::trim).filter(c -> !c.isEmpty()).toList();
  }

  public boolean noSizeChecks() {
    return noSizeChecks;
  }

  public int compressLevel() {
    return compressLevel;
  }

  public Optional<Integer> threads() {
    return Optional.ofNullable(threads);
  }
}
