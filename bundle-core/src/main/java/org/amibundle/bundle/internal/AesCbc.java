package org.amibundle.bundle.internal;

import javax.crypto.BadPaddingException;
import javax.crypto.IllegalBlockSizeException;
import org.amibundle.manifest.keys.AesKeyIv;

/**
 * AES-128-CBC with PKCS#7 padding, raw (no salt header, no MAC): the bundle cipher, one direction
 * of one stream, by the JCE. An interface rather than the JCE's Cipher, so that another library
 * can do the work where it is faster.
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
    return JceAesCbc.encryptor(secret);
  }

  /** A decrypting cipher for {@code secret}. */
  static AesCbc decryptor(AesKeyIv secret) {
    return JceAesCbc.decryptor(secret);
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
