package org.amibundle.manifest.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SecretBytesTest {

  private static final byte[] BYTES = {0x0a, (byte) 0xbc, 0x12};

  @Test
  void toString_showsOnlyTheLength() {
    assertEquals("SecretBytes[3 bytes]", SecretBytes.copyOf(BYTES).toString());
  }

  @Test
  void revealBytes_returnsACopy() {
    byte[] source = BYTES.clone();
    SecretBytes secret = SecretBytes.copyOf(source);
    source[0] = 0;
    secret.revealBytes()[1] = 0;

    assertArrayEquals(BYTES, secret.revealBytes());
  }

  @Test
  void revealHex_isLowercase() {
    assertEquals("0abc12", SecretBytes.copyOf(BYTES).revealHex());
  }

  @Test
  void equalsConstantTime_comparesContent() {
    assertTrue(SecretBytes.copyOf(BYTES).equalsConstantTime(SecretBytes.copyOf(BYTES)));
    assertFalse(SecretBytes.copyOf(BYTES).equalsConstantTime(SecretBytes.copyOf(new byte[3])));
  }

  @Test
  void random_hasTheRequestedSize() {
    SecretBytes secret = SecretBytes.random(16, new SecureRandom());

    assertEquals(16, secret.size());
    assertEquals(32, secret.revealHex().length());
  }

  @Test
  void destroy_makesRevealFail() {
    SecretBytes secret = SecretBytes.copyOf(BYTES);
    secret.destroy();

    assertTrue(secret.isDestroyed());
    assertThrows(IllegalStateException.class, secret::revealBytes);
    assertThrows(IllegalStateException.class, secret::revealHex);
  }
}
