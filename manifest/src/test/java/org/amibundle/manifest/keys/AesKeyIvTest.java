package org.amibundle.manifest.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class AesKeyIvTest {

  @Test
  void shortKey_isRejectedWithItsLength() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new AesKeyIv(SecretBytes.copyOf(new byte[8]), SecretBytes.copyOf(new byte[16])));
    assertEquals("AES key must be 16 bytes, got 8", e.getMessage());
  }

  @Test
  void longIv_isRejectedWithItsLength() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new AesKeyIv(SecretBytes.copyOf(new byte[16]), SecretBytes.copyOf(new byte[17])));
    assertEquals("AES IV must be 16 bytes, got 17", e.getMessage());
  }

  @Test
  void toString_hidesTheBytes() {
    AesKeyIv secret = AesKeyIv.random(new SecureRandom());
    String text = secret.toString();

    assertFalse(text.contains(secret.key().revealHex()), text);
    assertFalse(text.contains(secret.iv().revealHex()), text);
    assertEquals("AesKeyIv[key=<redacted>, iv=<redacted>]", text);
  }
}
