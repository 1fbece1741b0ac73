package org.amibundle.bundle.internal.crypto;

import javax.crypto.BadPaddingException;
import javax.crypto.IllegalBlockSizeException;
import org.amibundle.bundle.internal.nativelib.LibCrypto;
import org.amibundle.manifest.keys.AesKeyIv;

/**
 * AES-128-CBC with PKCS#7 padding, raw (no salt header, no MAC): the bundle cipher, one direction
 * of one stream. OpenSSL's libcrypto does the work where it can be loaded, because on a machine
 * with AES instructions it encrypts about twice and decrypts about eight times as fast as the JCE
 * (benchmarks/README.md); the JCE does it elsewhere. Both give the same bytes and fail the same
 * way.
 *
 * <p>Use: {@link #update} any number of times, {@link #doFinal} once, then {@link #close}, which
 * frees what the cipher holds outside the Java heap (safe twice, and from another thread than the
 * one using it).
 */
public interface AesCbc extends AutoCloseable {

  /** The AES block size in bytes. */
  int BLOCK_SIZE = 16;

  /** An encrypting cipher for {@code secret}. */
  static AesCbc encryptor(AesKeyIv secret) {
    LibCrypto libCrypto = LibCrypto.INSTANCE;
    return libCrypto != null
        ? LibCryptoAesCbc.encryptor(libCrypto, secret)
        : JceAesCbc.encryptor(secret);
  }

  /** A decrypting cipher for {@code secret}. */
  static AesCbc decryptor(AesKeyIv secret) {
    LibCrypto libCrypto = LibCrypto.INSTANCE;
    return libCrypto != null
        ? LibCryptoAesCbc.decryptor(libCrypto, secret)
        : JceAesCbc.decryptor(secret);
  }

  /** Whether {@link #encryptor} and {@link #decryptor} use OpenSSL's libcrypto, not the JCE. */
  static boolean usesLibCrypto() {
    return LibCrypto.INSTANCE != null;
  }

  /** The room an output array needs for one {@link #update} of {@code inputLength} bytes. */
  static int outputSize(int inputLength) {
    return inputLength + BLOCK_SIZE;
  }

  /**
   * Takes {@code length} more bytes of input and writes the output they complete at {@code
   * outputOffset}; returns its length, at most {@link #outputSize outputSize(length)}.
   */
  int update(byte[] input, int offset, int length, byte[] output, int outputOffset);

  /**
   * Ends the stream: writes the last output (at most {@link #BLOCK_SIZE} bytes) and returns its
   * length. Decrypting, an empty input ends with no output.
   *
   * @throws IllegalBlockSizeException decrypting, the input's length is not a multiple of 16
   * @throws BadPaddingException decrypting, the last block's padding is wrong (wrong key, or the
   *     last block is damaged)
   */
  int doFinal(byte[] output, int outputOffset)
      throws IllegalBlockSizeException, BadPaddingException;

  /** Frees and wipes what the cipher holds; any later use throws IllegalStateException. */
  @Override
  void close();
}
