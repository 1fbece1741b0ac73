package org.amibundle.bundle.internal.crypto;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import javax.crypto.BadPaddingException;
import javax.crypto.IllegalBlockSizeException;
import org.amibundle.bundle.internal.nativelib.LibCrypto;
import org.amibundle.manifest.keys.Rsa;

/**
 * {@link Rsa} by OpenSSL's libcrypto. A bundling or unbundling process makes only a few RSA
 * operations, and makes them before the JIT has compiled the JDK's big-number arithmetic: with the
 * JCE, unwrapping a bundle's key and IV (two 2048-bit private-key operations) took 115 to 215 ms of
 * an unbundle's start, where libcrypto takes about a millisecond. The results are the same (PKCS#1
 * v1.5 signatures are deterministic, and either side decrypts what the other encrypted), and
 * failures are the JCE's exception types.
 *
 * <p>A key reaches libcrypto as its DER encoding, copied into native memory that is zeroed as soon
 * as libcrypto has parsed it; libcrypto's key is freed, which cleanses it, after the one operation.
 * Keys that do not give their encoding (a hardware token's) are left to the JCE.
 */
public final class LibCryptoRsa implements Rsa {

  private final LibCrypto libCrypto;

  private LibCryptoRsa(LibCrypto libCrypto) {
    this.libCrypto = libCrypto;
  }

  private static final Rsa AVAILABLE =
      LibCrypto.INSTANCE != null ? new LibCryptoRsa(LibCrypto.INSTANCE) : Rsa.JCE;

  /**
   * libcrypto's RSA where libcrypto is loaded, else the JCE's: the RSA bundling, unbundling,
   * verifying and migrating use.
   */
  public static Rsa orJce() {
    return AVAILABLE;
  }

  @Override
  public byte[] encrypt(PublicKey key, byte[] plaintext) throws GeneralSecurityException {
    return withKey(key, () -> Rsa.JCE.encrypt(key, plaintext), k -> crypt(k, plaintext, true));
  }

  @Override
  public byte[] decrypt(PrivateKey key, byte[] ciphertext) throws GeneralSecurityException {
    return withKey(key, () -> Rsa.JCE.decrypt(key, ciphertext), k -> crypt(k, ciphertext, false));
  }

  @Override
  public byte[] signSha1(PrivateKey key, byte[] data) throws GeneralSecurityException {
    return withKey(key, () -> Rsa.JCE.signSha1(key, data), k -> sign(k, data));
  }

  /** An operation by the JCE. */
  private interface Operation {
    byte[] run() throws GeneralSecurityException;
  }

  /** An operation on libcrypto's copy of a key. */
  private interface KeyOperation {
    byte[] run(Pointer key) throws GeneralSecurityException;
  }

  /**
   * {@code operation} on libcrypto's copy of {@code key}, freed after; {@code jce} for a key that
   * gives no encoding.
   */
  private byte[] withKey(Key key, Operation jce, KeyOperation operation)
      throws GeneralSecurityException {
    byte[] encoded = rsaEncoding(key);
    if (encoded == null) {
      return jce.run();
    }
    Pointer parsed = parse(encoded, key instanceof PrivateKey);
    try {
      return operation.run(parsed);
    } finally {
      libCrypto.EVP_PKEY_free(parsed);
    }
  }

  /** The SHA1withRSA signature of {@code data} with {@code key}. */
  private byte[] sign(Pointer key, byte[] data) throws GeneralSecurityException {
    Pointer context = libCrypto.EVP_MD_CTX_new();
    if (context == null) {
      throw new OutOfMemoryError("libcrypto could not allocate a digest context");
    }
    try (Memory input = copyOf(data);
        Memory length = new Memory(Long.BYTES)) {
      if (libCrypto.EVP_DigestSignInit(context, null, libCrypto.EVP_sha1(), null, key) == 1
          && libCrypto.EVP_DigestUpdate(context, input, data.length) == 1
          && libCrypto.EVP_DigestSignFinal(context, null, length) == 1) {
        try (Memory signature = new Memory(length.getLong(0))) {
          if (libCrypto.EVP_DigestSignFinal(context, signature, length) == 1) {
            return signature.getByteArray(0, (int) length.getLong(0));
          }
        }
      }
      throw libCrypto.cleared(
          new InvalidKeyException("libcrypto could not sign with this RSA key"));
    } finally {
      libCrypto.EVP_MD_CTX_free(context);
    }
  }

  /** The key's DER encoding, or null if it gives none; InvalidKeyException if it is not RSA. */
  private static byte[] rsaEncoding(Key key) throws InvalidKeyException {
    if (!"RSA".equals(key.getAlgorithm())) {
      throw new InvalidKeyException("an RSA key is needed, got a " + key.getAlgorithm() + " key");
    }
    return key.getEncoded();
  }

  /** libcrypto's key for {@code encoded} (wiped here, and its native copy too). */
  private Pointer parse(byte[] encoded, boolean isPrivate) throws InvalidKeyException {
    try (Memory bytes = copyOf(encoded)) {
      PointerByReference cursor = new PointerByReference(bytes);
      Pointer key =
          isPrivate
              ? libCrypto.d2i_AutoPrivateKey(null, cursor, encoded.length)
              : libCrypto.d2i_PUBKEY(null, cursor, encoded.length);
      bytes.clear();
      if (key == null) {
        throw libCrypto.cleared(new InvalidKeyException("libcrypto could not read the RSA key"));
      }
      return key;
    } finally {
      Arrays.fill(encoded, (byte) 0);
    }
  }

  /** PKCS#1 v1.5 encryption or decryption of {@code input} with {@code key}. */
  private byte[] crypt(Pointer key, byte[] input, boolean encrypt) throws GeneralSecurityException {
    Pointer context = libCrypto.EVP_PKEY_CTX_new(key, null);
    if (context == null) {
      throw new OutOfMemoryError("libcrypto could not allocate a key context");
    }
    try (Memory in = copyOf(input);
        Memory length = new Memory(Long.BYTES)) {
      int ready =
          encrypt
              ? libCrypto.EVP_PKEY_encrypt_init(context)
              : libCrypto.EVP_PKEY_decrypt_init(context);
      if (ready != 1) {
        throw libCrypto.cleared(new InvalidKeyException("libcrypto cannot use this RSA key"));
      }
      if (!encrypt) {
        // OpenSSL 3.2 and later answer a bad padding with random bytes unless told not to; older
        // versions do not know the setting, and fail on a bad padding anyway.
        libCrypto.EVP_PKEY_CTX_ctrl_str(context, "rsa_pkcs1_implicit_rejection", "0");
        libCrypto.ERR_clear_error();
      }
      if (call(context, null, length, in, input.length, encrypt) != 1) {
        throw libCrypto.cleared(
            new IllegalBlockSizeException("libcrypto cannot size the RSA output"));
      }
      try (Memory out = new Memory(length.getLong(0))) {
        if (call(context, out, length, in, input.length, encrypt) != 1) {
          throw libCrypto.cleared(
              encrypt
                  ? new IllegalBlockSizeException("the data is too long for the RSA key")
                  : new BadPaddingException("Decryption error"));
        }
        byte[] output = out.getByteArray(0, (int) length.getLong(0));
        out.clear();
        return output;
      }
    } finally {
      libCrypto.EVP_PKEY_CTX_free(context);
    }
  }

  private int call(
      Pointer context, Pointer out, Memory length, Memory in, int inLength, boolean encrypt) {
    return encrypt
        ? libCrypto.EVP_PKEY_encrypt(context, out, length, in, inLength)
        : libCrypto.EVP_PKEY_decrypt(context, out, length, in, inLength);
  }

  /** Native memory holding {@code bytes} (one byte at least: JNA allocates no empty block). */
  private static Memory copyOf(byte[] bytes) {
    Memory memory = new Memory(Math.max(1, bytes.length));
    memory.write(0, bytes, 0, bytes.length);
    return memory;
  }

  @Override
  public String toString() {
    return "RSA by OpenSSL's libcrypto";
  }
}
