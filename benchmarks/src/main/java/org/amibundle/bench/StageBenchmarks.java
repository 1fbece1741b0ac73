package org.amibundle.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.amibundle.bundle.internal.crypto.AesCbc;
import org.amibundle.bundle.stream.ParallelGzipOutputStream;
import org.amibundle.manifest.keys.AesKeyIv;
import org.amibundle.manifest.keys.SecretBytes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of each bundle stage over the same 32 MiB of semi-compressible data. Scores are
 * operations per second with one operation per MiB of input, i.e. MiB/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(StageBenchmarks.SIZE_MIB)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class StageBenchmarks {

  static final int SIZE_MIB = 32;

  /** The input and, for decryption, its ciphertext. */
  @State(Scope.Benchmark)
  public static class Input {
    final SecretKeySpec key = new SecretKeySpec(new byte[16], "AES");
    final IvParameterSpec iv = new IvParameterSpec(new byte[16]);
    byte[] data;
    byte[] ciphertext;
    byte[] output;

    @Setup
    public void generate() throws GeneralSecurityException {
      data = SemiCompressible.generate(SIZE_MIB << 20, 42);
      ciphertext = cipher(Cipher.ENCRYPT_MODE).doFinal(data);
      output = new byte[ciphertext.length + 1024];
    }

    Cipher cipher(int mode) throws GeneralSecurityException {
      Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
      cipher.init(mode, key, iv);
      return cipher;
    }
  }

  /** The same zero key and IV for the bundle cipher, which must be OpenSSL's libcrypto here. */
  @State(Scope.Benchmark)
  public static class LibCryptoSecret {
    final AesKeyIv secret =
        new AesKeyIv(SecretBytes.copyOf(new byte[16]), SecretBytes.copyOf(new byte[16]));

    @Setup
    public void requireLibCrypto() {
      if (!AesCbc.usesLibCrypto()) {
        throw new IllegalStateException("libcrypto could not be loaded: install libssl3");
      }
    }

    /** All of {@code input} in one update and the final block, as the JCE benchmarks do. */
    int run(AesCbc cipher, byte[] input, byte[] output) throws GeneralSecurityException {
      try (cipher) {
        int n = cipher.update(input, 0, input.length, output, 0);
        return n + cipher.doFinal(output, n);
      }
    }
  }

  /** Single-thread deflate level. */
  @State(Scope.Benchmark)
  public static class Level {
    @Param({"1", "6", "9"})
    int level;
  }

  /** Parallel gzip at level 6. */
  @State(Scope.Benchmark)
  public static class Gzip {
    @Param({"1", "2"})
    int threads;

    @Param({"262144", "1048576", "4194304"})
    int blockSize;
  }

  @Benchmark
  public byte[] sha1(Input in) throws GeneralSecurityException {
    return MessageDigest.getInstance("SHA-1").digest(in.data);
  }

  @Benchmark
  public long crc32(Input in) {
    CRC32 crc = new CRC32();
    crc.update(in.data);
    return crc.getValue();
  }

  @Benchmark
  public int aes128CbcEncrypt(Input in) throws GeneralSecurityException {
    return in.cipher(Cipher.ENCRYPT_MODE).doFinal(in.data, 0, in.data.length, in.output);
  }

  @Benchmark
  public int aes128CbcDecrypt(Input in) throws GeneralSecurityException {
    return in.cipher(Cipher.DECRYPT_MODE)
        .doFinal(in.ciphertext, 0, in.ciphertext.length, in.output);
  }

  @Benchmark
  public int aes128CbcEncryptLibCrypto(Input in, LibCryptoSecret key)
      throws GeneralSecurityException {
    return key.run(AesCbc.encryptor(key.secret), in.data, in.output);
  }

  @Benchmark
  public int aes128CbcDecryptLibCrypto(Input in, LibCryptoSecret key)
      throws GeneralSecurityException {
    return key.run(AesCbc.decryptor(key.secret), in.ciphertext, in.output);
  }

  @Benchmark
  public long deflateOneThread(Input in, Level level) {
    Deflater deflater = new Deflater(level.level, true);
    try {
      deflater.setInput(in.data);
      deflater.finish();
      long total = 0;
      while (!deflater.finished()) {
        total += deflater.deflate(in.output);
      }
      return total;
    } finally {
      deflater.end();
    }
  }

  @Benchmark
  public void parallelGzip(Input in, Gzip gzip) throws IOException {
    try (var out =
        new ParallelGzipOutputStream(
            OutputStream.nullOutputStream(),
            ParallelGzipOutputStream.DEFAULT_LEVEL,
            gzip.threads,
            gzip.blockSize)) {
      out.write(in.data);
    }
  }
}
