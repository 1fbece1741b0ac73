package org.amibundle.bundle;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.amibundle.Printable;
import org.amibundle.manifest.BlockDeviceMapping;

/**
 * What to bundle and how. Build one with {@link #builder}; the compact constructor checks every
 * field, so a request that exists is a valid one.
 *
 * <p>Thread safety: immutable, so a request may be shared between threads and used again; one whose
 * image or parts come from a stream can be used once only, since the stream is read.
 *
 * @param image the image file, block device or stream
 * @param destination existing directory that receives the parts and the manifest
 * @param credentials user certificate and key, EC2 certificate
 * @param accountId the AWS account number, 12 digits (hyphens are removed by the builder)
 * @param name the bundle name: tar member, part and manifest file names; default the image's file
 *     name
 * @param architecture {@code i386}, {@code x86_64}, {@code arm64} ...
 * @param kernelId optional {@code aki-…} id
 * @param ramdiskId optional {@code ari-…} id
 * @param blockDeviceMappings virtual name to device, e.g. {@code ami=sda1}
 * @param productCodes product codes, one manifest element each
 * @param ancestorAmiIds the AMIs this image descends from (bundle-vol inherits them on EC2)
 * @param holes how holes of a file or device image are found
 * @param compressionLevel gzip level, 1 (fastest) to 9 (smallest)
 * @param threads threads that deflate, at least 1; default the number of processors
 * @param partSize bytes per part; EC2 expects the default, 10 MiB
 * @param progress hears the bytes of the image as they are read (holes as they are passed)
 */
public record BundleRequest(
    ImageSource image,
    Path destination,
    BundleCredentials credentials,
    String accountId,
    String name,
    String architecture,
    Optional<String> kernelId,
    Optional<String> ramdiskId,
    List<BlockDeviceMapping> blockDeviceMappings,
    List<String> productCodes,
    List<String> ancestorAmiIds,
    HoleDetection holes,
    int compressionLevel,
    int threads,
    long partSize,
    ProgressListener progress) {

  /** The part size of every bundle EC2 and the reference tools make: 10 MiB. */
  public static final long DEFAULT_PART_SIZE = 10L * 1024 * 1024;

  /** Parts are cut in memory: at most 1 GiB each. */
  public static final long MAX_PART_SIZE = 1L << 30;

  /** gzip level used unless another is asked for. */
  public static final int DEFAULT_COMPRESSION_LEVEL = 6;

  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern ARCHITECTURE = Pattern.compile("[a-z0-9_]+");

  public BundleRequest {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(holes, "holes");
    Objects.requireNonNull(progress, "progress (use ProgressListener.NONE)");
    if (!ACCOUNT.matcher(accountId).matches()) {
      throw new IllegalArgumentException(
          "the account ID must be the 12-digit AWS account number (hyphens allowed), not an access"
              + " key ID; got '"
              + accountId
              + "'");
    }
    checkName(name);
    if (!ARCHITECTURE.matcher(architecture).matches()) {
      throw new IllegalArgumentException(
          "architecture must be a name like i386 or x86_64, got '" + architecture + "'");
    }
    blockDeviceMappings = List.copyOf(blockDeviceMappings);
    productCodes = List.copyOf(productCodes);
    ancestorAmiIds = List.copyOf(ancestorAmiIds);
    if (compressionLevel < 1 || compressionLevel > 9) {
      throw new IllegalArgumentException(
          "compression level must be 1 to 9, got " + compressionLevel);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("gzip threads must be >= 1, got " + threads);
    }
    if (partSize < 16 || partSize > MAX_PART_SIZE) {
      throw new IllegalArgumentException(
          "part size must be 16 bytes to 1 GiB (a part is held in memory), got " + partSize);
    }
  }

  private static void checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("the bundle name (prefix) must not be empty");
    }
    if (name.contains("/")
        || Printable.hasControlCharacters(name)
        || name.equals(".")
        || name.equals("..")) {
      throw new IllegalArgumentException(
          "the bundle name (prefix) must be a plain file name"
              + " without '/' or control characters, got '"
              + Printable.of(name)
              + "'");
    }
  }

  public static Builder builder(
      ImageSource image, Path destination, BundleCredentials credentials) {
    return new Builder(image, destination, credentials);
  }

  /** Collects the optional fields of a {@link BundleRequest}. */
  public static final class Builder {
    private final ImageSource image;
    private final Path destination;
    private final BundleCredentials credentials;
    private String accountId;
    private String name;
    private String architecture = "x86_64";
    private String kernelId;
    private String ramdiskId;
    private final List<BlockDeviceMapping> blockDeviceMappings = new ArrayList<>();
    private final List<String> productCodes = new ArrayList<>();
    private final List<String> ancestorAmiIds = new ArrayList<>();
    private HoleDetection holes = HoleDetection.AUTO;
    private int compressionLevel = DEFAULT_COMPRESSION_LEVEL;
    private int threads = Runtime.getRuntime().availableProcessors();
    private long partSize = DEFAULT_PART_SIZE;
    private ProgressListener progress = ProgressListener.NONE;

    private Builder(ImageSource image, Path destination, BundleCredentials credentials) {
      this.image = image;
      this.destination = destination;
      this.credentials = credentials;
    }

    /** The AWS account number; hyphens are removed. */
    public Builder accountId(String accountId) {
      this.accountId = accountId.replace("-", "");
      return this;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder architecture(String architecture) {
      this.architecture = architecture;
      return this;
    }

    public Builder kernelId(String kernelId) {
      this.kernelId = kernelId;
      return this;
    }

    public Builder ramdiskId(String ramdiskId) {
      this.ramdiskId = ramdiskId;
      return this;
    }

    public Builder blockDeviceMapping(String virtualName, String device) {
      blockDeviceMappings.add(new BlockDeviceMapping(virtualName, device));
      return this;
    }

    public Builder productCode(String code) {
      productCodes.add(code);
      return this;
    }

    public Builder ancestorAmiId(String amiId) {
      ancestorAmiIds.add(amiId);
      return this;
    }

    public Builder holes(HoleDetection holes) {
      this.holes = holes;
      return this;
    }

    public Builder compressionLevel(int level) {
      this.compressionLevel = level;
      return this;
    }

    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    public Builder partSize(long partSize) {
      this.partSize = partSize;
      return this;
    }

    /** Who hears how far the bundling has got; nobody unless set. */
    public Builder progress(ProgressListener progress) {
      this.progress = progress;
      return this;
    }

    public BundleRequest build() {
      String effectiveName = name != null ? name : defaultName();
      return new BundleRequest(
          image,
          destination,
          credentials,
          Objects.requireNonNull(accountId, "accountId must be set"),
          effectiveName,
          architecture,
          Optional.ofNullable(kernelId),
          Optional.ofNullable(ramdiskId),
          blockDeviceMappings,
          productCodes,
          ancestorAmiIds,
          holes,
          compressionLevel,
          threads,
          partSize,
          progress);
    }

    private String defaultName() {
      if (image instanceof ImageSource.FileSource file && file.path().getFileName() != null) {
        return file.path().getFileName().toString();
      }
      throw new IllegalArgumentException("a bundle name (prefix) is needed for a stream image");
    }
  }
}
