package org.amibundle.bundle.internal.crypto;

import static org.amibundle.bundle.internal.crypto.CipherImplementation.loadedLibCrypto;
import static org.amibundle.bundle.internal.crypto.CipherImplementation.secret;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.amibundle.IntegrityException;
import org.amibundle.bundle.stream.DecryptingInputStream;
import org.amibundle.bundle.stream.EncryptingOutputStream;
import org.amibundle.manifest.keys.AesKeyIv;
import org.junit.jupiter.api.Test;

/**
 * Where libcrypto is installed (CI installs openssl, which brings it) the bundle cipher is
 * libcrypto's, and its native state never outlives the cipher's use: the streams close it, even
 * after a failure, and closing it while another thread uses it waits for that call.
 */
class LibCryptoAesCbcTest {

  private final AesKeyIv secret = secret(new Random(11));

  @Test
  void libCryptoIsLoaded_andIsTheBundleCipher() {
    loadedLibCrypto();
    assertTrue(AesCbc.usesLibCrypto());
    try (AesCbc encryptor = AesCbc.encryptor(secret);
        AesCbc decryptor = AesCbc.decryptor(secret)) {
      assertInstanceOf(LibCryptoAesCbc.class, encryptor);
      assertInstanceOf(LibCryptoAesCbc.class, decryptor);
    }
  }

  @Test
  void closedCipher_refusesEveryUse_andClosesTwice() {
    AesCbc cipher = LibCryptoAesCbc.encryptor(loadedLibCrypto(), secret);
    cipher.close();
    cipher.close();

    byte[] output = new byte[64];
    assertThrows(IllegalStateException.class, () -> cipher.update(new byte[16], 0, 16, output, 0));
    assertThrows(IllegalStateException.class, () -> cipher.doFinal(output, 0));
  }

  @Test
  void decryptingStream_closesItsCipher_afterAFailure() throws IOException {
    AesCbc cipher = LibCryptoAesCbc.decryptor(loadedLibCrypto(), secret);
    var in = new DecryptingInputStream(new ByteArrayInputStream(new byte[7]), cipher);
    assertThrows(IntegrityException.class, in::readAllBytes);
    in.close();

    assertThrows(IllegalStateException.class, () -> cipher.doFinal(new byte[16], 0));
  }

  @Test
  void encryptingStream_closesItsCipher_whenTheNextStreamFails() {
    AesCbc cipher = LibCryptoAesCbc.encryptor(loadedLibCrypto(), secret);
    OutputStream failing =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("disk full");
          }
        };
    EncryptingOutputStream out = new EncryptingOutputStream(failing, cipher);

    assertThrows(IOException.class, () -> out.write(new byte[100]));
    IOException failure = assertThrows(IOException.class, out::close);
    assertEquals("disk full", failure.getMessage());
    assertThrows(IllegalStateException.class, () -> cipher.doFinal(new byte[16], 0));
  }

  @Test
  void closeWhileAnotherThreadEncrypts_waitsForItsCall_andStopsTheNext() throws Exception {
    AesCbc cipher = LibCryptoAesCbc.encryptor(loadedLibCrypto(), secret);
    CountDownLatch running = new CountDownLatch(1);
    CompletableFuture<Void> worker =
        CompletableFuture.runAsync(
            () -> {
              byte[] input = new byte[1 << 20];
              byte[] output = new byte[AesCbc.outputSize(input.length)];
              while (true) {
                cipher.update(input, 0, input.length, output, 0);
                running.countDown();
              }
            });
    assertTrue(running.await(30, TimeUnit.SECONDS));

    cipher.close();

    Exception failure = assertThrows(Exception.class, () -> worker.get(30, TimeUnit.SECONDS));
    assertInstanceOf(IllegalStateException.class, failure.getCause());
  }
}
