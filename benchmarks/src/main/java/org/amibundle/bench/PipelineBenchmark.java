package org.amibundle.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.amibundle.bundle.BundleCredentials;
import org.amibundle.bundle.BundleRequest;
import org.amibundle.bundle.BundleResult;
import org.amibundle.bundle.Bundler;
import org.amibundle.bundle.ImageSource;
import org.amibundle.manifest.keys.PemFiles;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole {@link Bundler#bundle} of a 256 MiB semi-compressible image into a temporary directory,
 * with the test keys from {@code testdata/keys} (found from the working directory upwards, or under
 * {@code -Damibundle.testdata=DIR}). Scores are MiB of image per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(PipelineBenchmark.SIZE_MIB)
@Fork(1)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Benchmark)
public class PipelineBenchmark {

  static final int SIZE_MIB = 256;

  @Param({"1", "2"})
  int threads;

  private Path work;
  private Path image;
  private BundleCredentials credentials;

  @Setup
  public void createImage() throws IOException {
    Path keys = testData().resolve("keys");
    credentials =
        new BundleCredentials(
            PemFiles.readCertificate(keys.resolve("user-cert.pem")),
            PemFiles.readPrivateKey(keys.resolve("user-key.pem")),
            PemFiles.readCertificate(keys.resolve("ec2-cert.pem")));
    work = Files.createTempDirectory("amibundle-bench");
    image = work.resolve("disk.img");
    SemiCompressible source = new SemiCompressible(7);
    byte[] chunk = new byte[SemiCompressible.CHUNK];
    try (OutputStream out = Files.newOutputStream(image)) {
      for (long at = 0; at < (long) SIZE_MIB << 20; at += chunk.length) {
        source.next(chunk, chunk.length);
        out.write(chunk);
      }
    }
  }

  @Benchmark
  public BundleResult bundle() throws IOException {
    Path destination = Files.createTempDirectory(work, "bundle");
    BundleResult result =
        new Bundler()
            .bundle(
                BundleRequest.builder(ImageSource.file(image), destination, credentials)
                    .accountId("111122223333")
                    .threads(threads)
                    .build());
    deleteTree(destination);
    return result;
  }

  @TearDown(Level.Trial)
  public void deleteWork() throws IOException {
    deleteTree(work);
  }

  private static Path testData() {
    String property = System.getProperty("amibundle.testdata");
    if (property != null) {
      return Path.of(property);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("testdata/keys"))) {
        return dir.resolve("testdata");
      }
    }
    throw new IllegalStateException(
        "no testdata/keys above the working directory: run from the repository or pass"
            + " -Damibundle.testdata=DIR");
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
