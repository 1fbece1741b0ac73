package org.amibundle.bundle.internal.crypto;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.function.IntSupplier;
import org.amibundle.bundle.internal.nativelib.LibCrypto;
import org.amibundle.bundle.stream.DecryptingInputStream;
import org.amibundle.bundle.stream.EncryptingOutputStream;
import org.amibundle.manifest.keys.AesKeyIv;
import org.amibundle.manifest.keys.SecretBytes;

/**
 * The two implementations of the bundle cipher, chosen by name (the package-private way to force
 * the JCE), and the bundle's streams run over either, fed in pieces of chosen sizes.
 */
enum CipherImplementation {
  JCE {
    @Override
    AesCbc encryptor(AesKeyIv secret) {
      return JceAesCbc.encryptor(secret);
    }

    @Override
    AesCbc decryptor(AesKeyIv secret) {
      return JceAesCbc.decryptor(secret);
    }
  },
  LIBCRYPTO {
    @Override
    AesCbc encryptor(AesKeyIv secret) {
      return LibCryptoAesCbc.encryptor(loadedLibCrypto(), secret);
    }

    @Override
    AesCbc decryptor(AesKeyIv secret) {
      return LibCryptoAesCbc.decryptor(loadedLibCrypto(), secret);
    }
  };

  abstract AesCbc encryptor(AesKeyIv secret);

  abstract AesCbc decryptor(AesKeyIv secret);

  /** A key and IV drawn from {@code random}. */
  static AesKeyIv secret(Random random) {
    byte[] key = new byte[AesKeyIv.SIZE];
    byte[] iv = new byte[AesKeyIv.SIZE];
    random.nextBytes(key);
    random.nextBytes(iv);
    return new AesKeyIv(SecretBytes.copyOf(key), SecretBytes.copyOf(iv));
  }

  /** libcrypto, which the tests need; fails, never skips, where it is missing. */
  static LibCrypto loadedLibCrypto() {
    assertNotNull(
        LibCrypto.INSTANCE,
        "OpenSSL's libcrypto (libcrypto.so.3 or libcrypto.so.1.1) could not be loaded, so bundles"
            + " would be encrypted by the slower JCE: install libssl3 (Debian and Ubuntu; the"
            + " openssl package, which the tests need anyway, brings it)");
    return LibCrypto.INSTANCE;
  }

  /** Piece sizes of 1 to {@code max} bytes drawn from {@code random}. */
  static IntSupplier pieces(Random random, int max) {
    return () -> 1 + random.nextInt(max);
  }

  /** Pieces as large as the stream takes. */
  static final IntSupplier WHOLE = () -> Integer.MAX_VALUE;

  /** {@code plaintext} through an EncryptingOutputStream, written in pieces of the given sizes. */
  byte[] encrypt(AesKeyIv secret, byte[] plaintext, IntSupplier pieces) throws IOException {
    ByteArrayOutputStream ciphertext = new ByteArrayOutputStream();
    try (var out = new EncryptingOutputStream(ciphertext, encryptor(secret))) {
      for (int at = 0; at < plaintext.length; ) {
        int n = Math.min(plaintext.length - at, pieces.getAsInt());
        out.write(plaintext, at, n);
        at += n;
      }
    }
    return ciphertext.toByteArray();
  }

  /** {@code ciphertext} through a DecryptingInputStream reading its source in the given pieces. */
  byte[] decrypt(AesKeyIv secret, byte[] ciphertext, IntSupplier pieces) throws IOException {
    InputStream source =
        new FilterInputStream(new ByteArrayInputStream(ciphertext)) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, pieces.getAsInt()));
          }
        };
    try (var in = new DecryptingInputStream(source, decryptor(secret))) {
      return in.readAllBytes();
    }
  }
}
