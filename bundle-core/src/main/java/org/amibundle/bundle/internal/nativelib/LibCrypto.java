package org.amibundle.bundle.internal.nativelib;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * The OpenSSL libcrypto calls amibundle makes through JNA: AES-128-CBC, SHA-1 and RSA by the EVP
 * API, which OpenSSL 3 and 1.1 spell alike. Each {@code int} result is 1 on success, 0 on failure;
 * a failure also leaves an entry on the calling thread's OpenSSL error queue.
 */
public final class LibCrypto {

  /** libcrypto, or null where neither soname can be loaded: the bundle cipher is then the JCE. */
  public static final LibCrypto INSTANCE = load();

  private LibCrypto() {}

  public native Pointer EVP_CIPHER_CTX_new();

  /** Frees the context after cleansing the key schedule it holds. */
  public native void EVP_CIPHER_CTX_free(Pointer context);

  public native Pointer EVP_aes_128_cbc();

  /** {@code encrypt}: 1 to encrypt, 0 to decrypt. PKCS#7 padding is on by default. */
  public native int EVP_CipherInit_ex(
      Pointer context, Pointer cipher, Pointer engine, Pointer key, Pointer iv, int encrypt);

  /** Writes at most {@code inputLength} + 16 bytes to {@code output}, and their count. */
  public native int EVP_CipherUpdate(
      Pointer context, Pointer output, Pointer outputLength, Pointer input, int inputLength);

  /** Writes at most 16 bytes; fails on a bad final block when decrypting. */
  public native int EVP_CipherFinal_ex(Pointer context, Pointer output, Pointer outputLength);

  public native Pointer EVP_MD_CTX_new();

  public native void EVP_MD_CTX_free(Pointer context);

  public native Pointer EVP_sha1();

  public native int EVP_DigestInit_ex(Pointer context, Pointer digest, Pointer engine);

  /** {@code length} is a {@code size_t}. */
  public native int EVP_DigestUpdate(Pointer context, Pointer data, long length);

  /** Writes the digest to {@code digest}; {@code digestLength} may be null. */
  public native int EVP_DigestFinal_ex(Pointer context, Pointer digest, Pointer digestLength);

  /**
   * A private key from its DER encoding (PKCS#8, or PKCS#1), or null; {@code data} points to a
   * pointer to the bytes, which the call advances. {@code length} is a C {@code long}.
   */
  public native Pointer d2i_AutoPrivateKey(Pointer key, PointerByReference data, long length);

  /** A public key from its DER SubjectPublicKeyInfo, or null; as above. */
  public native Pointer d2i_PUBKEY(Pointer key, PointerByReference data, long length);

  /** Frees a key, cleansing its private parts. */
  public native void EVP_PKEY_free(Pointer key);

  public native Pointer EVP_PKEY_CTX_new(Pointer key, Pointer engine);

  public native void EVP_PKEY_CTX_free(Pointer context);

  /** Sets a context parameter by name; 1 on success, 0 or less if refused or unknown. */
  public native int EVP_PKEY_CTX_ctrl_str(Pointer context, String type, String value);

  public native int EVP_PKEY_encrypt_init(Pointer context);

  /**
   * Encrypts ({@code RSA}: PKCS#1 v1.5 padding unless set otherwise); {@code output} null asks for
   * the room needed, stored as {@code size_t} at {@code outputLength}, as is the output's length.
   */
  public native int EVP_PKEY_encrypt(
      Pointer context, Pointer output, Pointer outputLength, Pointer input, long inputLength);

  public native int EVP_PKEY_decrypt_init(Pointer context);

  /** Decrypts, as {@link #EVP_PKEY_encrypt} encrypts; 0 or less for a ciphertext that fails. */
  public native int EVP_PKEY_decrypt(
      Pointer context, Pointer output, Pointer outputLength, Pointer input, long inputLength);

  /** Sets up a digest context to sign with {@code key} over {@code digest}. */
  public native int EVP_DigestSignInit(
      Pointer context, Pointer keyContext, Pointer digest, Pointer engine, Pointer key);

  /** The signature of what was given to EVP_DigestUpdate; null {@code signature} asks its room. */
  public native int EVP_DigestSignFinal(
      Pointer context, Pointer signature, Pointer signatureLength);

  /** Empties the calling thread's error queue, so a failure we handled leaves nothing behind. */
  public native void ERR_clear_error();

  /**
   * Returns if {@code result} is 1; else empties the error queue and throws IllegalStateException
   * naming {@code call}: for calls that fail only on a broken library or no memory.
   */
  public void check(int result, String call) {
    if (result != 1) {
      throw cleared(new IllegalStateException("libcrypto's " + call + " failed"));
    }
  }

  /** {@code failure}, for the caller to throw, once the error queue is emptied. */
  public <T extends Exception> T cleared(T failure) {
    ERR_clear_error();
    return failure;
  }

  private static LibCrypto load() {
    if (Native.SIZE_T_SIZE != Long.BYTES) {
      return null;
    }
    // By exact soname: the unversioned libcrypto.so exists only where the development files are,
    // and could be any version.
    if (!NativeLibraries.register(LibCrypto.class, "libcrypto.so.3", "libcrypto.so.1.1")) {
      return null;
    }
    LibCrypto library = new LibCrypto();
    return library.EVP_aes_128_cbc() != null && library.EVP_sha1() != null ? library : null;
  }
}
