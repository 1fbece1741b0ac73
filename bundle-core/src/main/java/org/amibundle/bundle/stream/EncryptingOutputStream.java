package org.amibundle.bundle.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import org.amibundle.bundle.internal.crypto.AesCbc;

/**
 * Encrypts with the bundle cipher and writes the ciphertext on; {@link #close()} writes the final
 * padded block and closes the cipher. Unlike the JDK's CipherOutputStream, a cipher failure is
 * thrown, never swallowed.
 */
public final class EncryptingOutputStream extends OutputStream {

  private static final int CHUNK = 1 << 20;

  private final OutputStream next;
  private final AesCbc cipher;
  private final byte[] output = new byte[AesCbc.outputSize(CHUNK)];
  private boolean closed;

  public EncryptingOutputStream(OutputStream next, AesCbc cipher) {
    this.next = next;
    this.cipher = cipher;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      int n = Math.min(len, CHUNK);
      next.write(output, 0, cipher.update(b, off, n, output, 0));
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
    try (next;
        cipher) {
      next.write(output, 0, cipher.doFinal(output, 0));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES encryption failed: " + e.getMessage(), e);
    }
  }
}
