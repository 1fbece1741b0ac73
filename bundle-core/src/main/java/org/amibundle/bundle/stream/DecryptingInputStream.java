package org.amibundle.bundle.stream;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import org.amibundle.IntegrityException;
import org.amibundle.bundle.internal.crypto.AesCbc;

/**
 * Decrypts a ciphertext stream with the bundle cipher. At the end of the ciphertext the padding is
 * checked: a bad padding means a wrong key or damaged data and is thrown as an {@link
 * IntegrityException}, never swallowed as the JDK's CipherInputStream does. Closing closes the
 * cipher and the source.
 */
public final class DecryptingInputStream extends ChunkedInputStream {

  private static final int CHUNK = 1 << 20;

  private final InputStream source;
  private final AesCbc cipher;
  private final byte[] input = new byte[CHUNK];
  private final byte[] output = new byte[AesCbc.outputSize(CHUNK)];
  private boolean finished;

  public DecryptingInputStream(InputStream source, AesCbc cipher) {
    this.source = source;
    this.cipher = cipher;
  }

  @Override
  protected Chunk nextChunk() throws IOException {
    if (finished) {
      return null;
    }
    int n = source.read(input, 0, input.length);
    if (n >= 0) {
      return new Chunk(output, cipher.update(input, 0, n, output, 0));
    }
    finished = true;
    try {
      return new Chunk(output, cipher.doFinal(output, 0));
    } catch (GeneralSecurityException e) {
      throw new IntegrityException(
          "the bundle's ciphertext does not decrypt ("
              + e.getMessage()
              + "): its length is not a multiple of 16 or its last block is damaged;"
              + " check the parts against the manifest, or fetch the bundle again",
          e);
    }
  }

  @Override
  public void close() throws IOException {
    try (source) {
      cipher.close();
    }
  }
}
