package org.amibundle.bundle.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;

/**
 * Encrypts with an initialised cipher (AES-128-CBC with PKCS#7 padding for bundles) and writes the
 * ciphertext on; {@link #close()} writes the final padded block. Unlike the JDK's
 * CipherOutputStream, a cipher failure is thrown, never swallowed.
 */
public final class EncryptingOutputStream extends OutputStream {

  private static final int CHUNK = 1 << 20;

  private final OutputStream next;
  private final Cipher cipher;
  private final byte[] output;
  private boolean closed;

  public EncryptingOutputStream(OutputStream next, Cipher cipher) {
    this.next = next;
    this.cipher = cipher;
    this.output = new byte[cipher.getOutputSize(CHUNK)];
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      int n = Math.min(len, CHUNK);
      try {
        int produced = cipher.update(b, off, n, output, 0);
        next.write(output, 0, produced);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES encryption failed: " + e.getMessage(), e);
      }
      off += n;
      len -= n;
    }
  }

  @Override
  public void flush() throws IOException {
    next.flush();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try (next) {
      byte[] last = cipher.doFinal();
      next.write(last);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES encryption failed: " + e.getMessage(), e);
    }
  }
}
