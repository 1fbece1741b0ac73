package org.amibundle.bundle.internal.crypto;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.security.MessageDigest;
import java.util.Objects;
import org.amibundle.bundle.internal.nativelib.LibCrypto;
import org.amibundle.bundle.internal.nativelib.NativeCleaner;

/**
 * SHA-1 by OpenSSL's libcrypto, as a {@link MessageDigest}. The JDK's SHA-1 uses the CPU's SHA
 * instructions only once the JIT has compiled it: a fresh process hashed its first 8 MiB in 190 ms,
 * 175 ms of them for the first 2 MiB, where libcrypto runs at full speed from the first byte. A
 * short run (a sparse image, the first part of any bundle) is hashed on the critical path, so this
 * is what {@link Digests#sha1()} gives where libcrypto is installed.
 *
 * <p>Data passes through a native buffer. The context and the buffer are made by the first update
 * and freed as soon as a digest is computed or the digest reset (digests are made per part and
 * never closed, so native memory must not wait for the garbage collector); a cleaner frees them for
 * a digest dropped half-way.
 */
final class LibCryptoSha1 extends MessageDigest {

  static final int LENGTH = 20;

  /** Input bytes per native call, copied into the buffer. */
  private static final int SLICE = 256 << 10;

  private final Context context;

  /** The native context and buffer, while a digest is being computed; freeing is idempotent. */
  private static final class Context implements Runnable {

    private final LibCrypto libCrypto;
    private Pointer evp;
    private Memory buffer;

    Context(LibCrypto libCrypto) {
      this.libCrypto = libCrypto;
    }

    /** Makes and initializes the context unless it is open already. */
    synchronized void open() {
      if (evp != null) {
        return;
      }
      Pointer made = libCrypto.EVP_MD_CTX_new();
      if (made == null) {
        throw new OutOfMemoryError("libcrypto could not allocate a digest context");
      }
      evp = made;
      buffer = new Memory(SLICE);
      check(libCrypto.EVP_DigestInit_ex(evp, libCrypto.EVP_sha1(), null), "EVP_DigestInit_ex");
    }

    synchronized void update(byte[] input, int offset, int length) {
      for (int done = 0; done < length; ) {
        int n = Math.min(length - done, SLICE);
        buffer.write(0, input, offset + done, n);
        check(libCrypto.EVP_DigestUpdate(evp, buffer, n), "EVP_DigestUpdate");
        done += n;
      }
    }

    synchronized byte[] finish() {
      check(libCrypto.EVP_DigestFinal_ex(evp, buffer, null), "EVP_DigestFinal_ex");
      return buffer.getByteArray(0, LENGTH);
    }

    /** Frees the context and the buffer, if open. */
    @Override
    public synchronized void run() {
      if (evp != null) {
        libCrypto.EVP_MD_CTX_free(evp);
        buffer.close();
        evp = null;
        buffer = null;
      }
    }

    /** As {@link LibCrypto#check}, freeing the context first: the digest cannot go on. */
    private void check(int result, String call) {
      if (result != 1) {
        run();
      }
      libCrypto.check(result, call);
    }
  }

  LibCryptoSha1(LibCrypto libCrypto) {
    super("SHA-1");
    this.context = new Context(libCrypto);
    NativeCleaner.CLEANER.register(this, context);
  }

  @Override
  protected int engineGetDigestLength() {
    return LENGTH;
  }

  @Override
  protected void engineUpdate(byte input) {
    engineUpdate(new byte[] {input}, 0, 1);
  }

  @Override
  protected void engineUpdate(byte[] input, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, input.length);
    context.open();
    context.update(input, offset, length);
  }

  @Override
  protected byte[] engineDigest() {
    context.open();
    try {
      return context.finish();
    } finally {
      context.run();
    }
  }

  @Override
  protected void engineReset() {
    context.run();
  }

  @Override
  public String toString() {
    return "SHA-1 by OpenSSL's libcrypto";
  }
}
