package org.amibundle.bundle.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The OpenSSL libcrypto calls amibundle makes through JNA: AES-128-CBC and SHA-1 by the EVP API,
 * which OpenSSL 3 and 1.1 spell alike. Each {@code int} result is 1 on success, 0 on failure; a
 * failure also leaves an entry on the calling thread's OpenSSL error queue.
 */
interface LibCrypto extends Library {

  /** libcrypto, or null where neither soname can be loaded: the bundle cipher is then the JCE. */
  LibCrypto INSTANCE = load();

  Pointer EVP_CIPHER_CTX_new();

  /** Frees the context after cleansing the key schedule it holds. */
  void EVP_CIPHER_CTX_free(Pointer context);

  Pointer EVP_aes_128_cbc();

  /** {@code encrypt}: 1 to encrypt, 0 to decrypt. PKCS#7 padding is on by default. */
  int EVP_CipherInit_ex(
      Pointer context, Pointer cipher, Pointer engine, Pointer key, Pointer iv, int encrypt);

  /** Writes at most {@code inputLength} + 16 bytes to {@code output}, and their count. */
  int EVP_CipherUpdate(
      Pointer context, Pointer output, Pointer outputLength, Pointer input, int inputLength);

  /** Writes at most 16 bytes; fails on a bad final block when decrypting. */
  int EVP_CipherFinal_ex(Pointer context, Pointer output, Pointer outputLength);

  Pointer EVP_MD_CTX_new();

  void EVP_MD_CTX_free(Pointer context);

  Pointer EVP_sha1();

  int EVP_DigestInit_ex(Pointer context, Pointer digest, Pointer engine);

  /** {@code length} is a {@code size_t}. */
  int EVP_DigestUpdate(Pointer context, Pointer data, long length);

  /** Writes the digest to {@code digest}; {@code digestLength} may be null. */
  int EVP_DigestFinal_ex(Pointer context, Pointer digest, Pointer digestLength);

  /** Empties the calling thread's error queue, so a failure we handled leaves nothing behind. */
  void ERR_clear_error();

  private static LibCrypto load() {
    if (Native.SIZE_T_SIZE != Long.BYTES) {
      return null;
    }
    // By exact soname: the unversioned libcrypto.so exists only where the development files are,
    // and could be any version.
    return NativeLibraries.first(
        LibCrypto.class,
        library -> library.EVP_aes_128_cbc() != null && library.EVP_sha1() != null,
        "libcrypto.so.3",
        "libcrypto.so.1.1");
  }
}
