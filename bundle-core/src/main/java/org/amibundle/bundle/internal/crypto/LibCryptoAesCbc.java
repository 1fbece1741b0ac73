package org.amibundle.bundle.internal.crypto;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.BadPaddingException;
import javax.crypto.IllegalBlockSizeException;
import org.amibundle.bundle.internal.nativelib.LibCrypto;
import org.amibundle.bundle.internal.nativelib.NativeCleaner;
import org.amibundle.manifest.keys.AesKeyIv;

/**
 * The bundle cipher by OpenSSL's libcrypto (EVP API). Data passes through two native buffers reused
 * for every call, a slice at a time, so that JNA copies each byte once each way and allocates
 * nothing per call. The key and IV are copied to native memory only for the set-up and zeroed there
 * at once; {@link #close} frees the context, which cleanses the key schedule, and the buffers. A
 * cleaner does the same for a cipher dropped without closing.
 *
 * <p>Its failures are the JCE's: the same exception types with the same messages, and an empty
 * ciphertext decrypts to nothing (OpenSSL would call it a wrong final block length).
 */
final class LibCryptoAesCbc implements AesCbc {

  /**
   * Input bytes per native call. Calls cost nothing at this size (slices of 64 KiB, 256 KiB and 1
   * MiB measured alike in StageBenchmarks), and the two buffers stay small.
   */
  private static final int SLICE = 256 << 10;

  /** The JDK's words for the two ways a ciphertext fails to decrypt (its CipherCore's). */
  static final String NOT_A_MULTIPLE_OF_16 =
      "Input length must be multiple of 16 when decrypting with padded cipher";

  static final String BAD_PADDING =
      "Given final block not properly padded. Such issues can arise if a bad key is used during"
          + " decryption.";

  private final LibCrypto libCrypto;
  private final boolean decrypting;
  private final NativeState state;
  private final Cleaner.Cleanable cleanable;
  private long inputLength;
  private boolean closed;

  /** What the cipher holds outside the heap; freeing it must not need the cipher itself. */
  private record NativeState(
      LibCrypto libCrypto, Pointer context, Memory input, Memory output, Memory outputLength)
      implements Runnable {

    @Override
    public void run() {
      libCrypto.EVP_CIPHER_CTX_free(context);
      input.close();
      output.close();
      outputLength.close();
    }
  }

  private LibCryptoAesCbc(LibCrypto libCrypto, AesKeyIv secret, boolean decrypting) {
    this.libCrypto = libCrypto;
    this.decrypting = decrypting;
    Memory input = new Memory(SLICE);
    Memory output = new Memory(AesCbc.outputSize(SLICE));
    Memory outputLength = new Memory(Integer.BYTES);
    Pointer context = libCrypto.EVP_CIPHER_CTX_new();
    if (context == null) {
      throw new OutOfMemoryError("libcrypto could not allocate a cipher context");
    }
    this.state = new NativeState(libCrypto, context, input, output, outputLength);
    this.cleanable = NativeCleaner.CLEANER.register(this, state);
    try {
      init(secret);
    } catch (RuntimeException e) {
      cleanable.clean();
      throw e;
    }
  }

  static LibCryptoAesCbc encryptor(LibCrypto libCrypto, AesKeyIv secret) {
    return new LibCryptoAesCbc(libCrypto, secret, false);
  }

  static LibCryptoAesCbc decryptor(LibCrypto libCrypto, AesKeyIv secret) {
    return new LibCryptoAesCbc(libCrypto, secret, true);
  }

  private void init(AesKeyIv secret) {
    byte[] key = secret.key().revealBytes();
    byte[] iv = secret.iv().revealBytes();
    Memory keyAndIv = new Memory(key.length + iv.length);
    try {
      keyAndIv.write(0, key, 0, key.length);
      keyAndIv.write(key.length, iv, 0, iv.length);
      libCrypto.check(
          libCrypto.EVP_CipherInit_ex(
              state.context(),
              libCrypto.EVP_aes_128_cbc(),
              null,
              keyAndIv,
              keyAndIv.share(key.length),
              decrypting ? 0 : 1),
          "EVP_CipherInit_ex");
    } finally {
      keyAndIv.clear();
      keyAndIv.close();
      Arrays.fill(key, (byte) 0);
      Arrays.fill(iv, (byte) 0);
    }
  }

  @Override
  public synchronized int update(
      byte[] input, int offset, int length, byte[] output, int outputOffset) {
    Objects.checkFromIndexSize(offset, length, input.length);
    checkOpen();
    try {
      int produced = 0;
      for (int done = 0; done < length; ) {
        int n = Math.min(length - done, SLICE);
        state.input().write(0, input, offset + done, n);
        libCrypto.check(
            libCrypto.EVP_CipherUpdate(
                state.context(), state.output(), state.outputLength(), state.input(), n),
            "EVP_CipherUpdate");
        produced += copyOutput(output, outputOffset + produced);
        done += n;
      }
      inputLength += length;
      return produced;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public synchronized int doFinal(byte[] output, int outputOffset)
      throws IllegalBlockSizeException, BadPaddingException {
    checkOpen();
    if (decrypting && inputLength == 0) {
      return 0;
    }
    try {
      int result =
          libCrypto.EVP_CipherFinal_ex(state.context(), state.output(), state.outputLength());
      if (result != 1 && decrypting) {
        if (inputLength % BLOCK_SIZE != 0) {
          throw libCrypto.cleared(new IllegalBlockSizeException(NOT_A_MULTIPLE_OF_16));
        }
        throw libCrypto.cleared(new BadPaddingException(BAD_PADDING));
      }
      libCrypto.check(result, "EVP_CipherFinal_ex");
      return copyOutput(output, outputOffset);
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /** Copies the last call's output into {@code output}; returns its length. */
  private int copyOutput(byte[] output, int offset) {
    int length = state.outputLength().getInt(0);
    state.output().read(0, output, offset, length);
    return length;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the AES cipher is closed");
    }
  }

  /** Waits for a call in progress on another thread, so the context is never freed under it. */
  @Override
  public synchronized void close() {
    closed = true;
    cleanable.clean();
  }

  @Override
  public String toString() {
    return "AES-128-CBC by OpenSSL's libcrypto";
  }
}
