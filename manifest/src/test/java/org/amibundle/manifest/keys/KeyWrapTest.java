package org.amibundle.manifest.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Cipher;
import org.amibundle.BadInputException;
import org.amibundle.testing.ExternalTool;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyWrapTest {

  private static PublicKey userPublic() throws Exception {
    return PemFiles.readCertificate(TestData.userCert()).getPublicKey();
  }

  private static PrivateKey userPrivate() throws Exception {
    return PemFiles.readPrivateKey(TestData.userKey());
  }

  /** RSA PKCS#1 v1.5 encryption of arbitrary plaintext, as a hostile or old tool could write. */
  private static String rawWrap(String plaintext) throws Exception {
    Cipher cipher = Cipher.getInstance("RSA/ECB/PKCS1Padding");
    cipher.init(Cipher.ENCRYPT_MODE, userPublic());
    return HexFormat.of().formatHex(cipher.doFinal(plaintext.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void wrapped_decryptsWithOpensslPkeyutlToThe32CharHexText(@TempDir Path dir) throws Exception {
    SecretBytes secret = SecretBytes.random(16, new SecureRandom());
    String wrapped = KeyWrap.wrap(secret, userPublic(), Rsa.JCE);
    Files.write(dir.resolve("wrapped.bin"), HexFormat.of().parseHex(wrapped));

    ExternalTool.Result result =
        ExternalTool.run(
                dir,
                "openssl",
                "pkeyutl",
                "-decrypt",
                "-inkey",
                TestData.userKey().toString(),
                "-in",
                "wrapped.bin")
            .orFail();
    assertEquals(secret.revealHex(), result.stdoutText());
    assertEquals(32, result.stdout().length);
    assertEquals(wrapped.toLowerCase(), wrapped);
    assertEquals(512, wrapped.length());
  }

  @Test
  void wrapThenUnwrap_givesTheSameSecret() throws Exception {
    SecretBytes secret = SecretBytes.random(16, new SecureRandom());

    assertTrue(
        secret.equalsConstantTime(
            KeyWrap.unwrap(KeyWrap.wrap(secret, userPublic(), Rsa.JCE), userPrivate(), Rsa.JCE)));
  }

  @Test
  void shortHexPlaintext_isRightPaddedWithZerosAsOpensslDoes() throws Exception {
    SecretBytes iv = KeyWrap.unwrap(rawWrap("0123456789abcdef"), userPrivate(), Rsa.JCE);

    assertEquals("0123456789abcdef0000000000000000", iv.revealHex());
  }

  @Test
  void oddLengthHexPlaintext_padsTheLastNibble() throws Exception {
    assertEquals(
        "abc00000000000000000000000000000",
        KeyWrap.unwrap(rawWrap("abc"), userPrivate(), Rsa.JCE).revealHex());
  }

  @Test
  void upperCaseHexPlaintext_isAccepted() throws Exception {
    assertEquals(
        "00112233445566778899aabbccddeeff",
        KeyWrap.unwrap(rawWrap("00112233445566778899AABBCCDDEEFF"), userPrivate(), Rsa.JCE)
            .revealHex());
  }

  @Test
  void plaintextLongerThan32HexChars_isRejected() throws Exception {
    String wrapped = rawWrap("00112233445566778899aabbccddeeff00");

    var e =
        assertThrows(
            BadInputException.class, () -> KeyWrap.unwrap(wrapped, userPrivate(), Rsa.JCE));
    assertTrue(e.getMessage().contains("decrypts to 34 characters"), e.getMessage());
  }

  @Test
  void nonHexPlaintext_isRejectedWithoutQuotingIt() throws Exception {
    String wrapped = rawWrap("0123456789abcdefXYZ");

    var e =
        assertThrows(
            BadInputException.class, () -> KeyWrap.unwrap(wrapped, userPrivate(), Rsa.JCE));
    assertTrue(e.getMessage().contains("not hex digits"), e.getMessage());
    assertFalse(e.getMessage().contains("0123456789abcdef"), e.getMessage());
  }

  @Test
  void wrongPrivateKey_isRejectedWithAdviceAndNoKeyMaterial() throws Exception {
    SecretBytes secret = SecretBytes.random(16, new SecureRandom());
    String wrapped = KeyWrap.wrap(secret, userPublic(), Rsa.JCE);
    PrivateKey ec2 = PemFiles.readPrivateKey(TestData.ec2Key());

    var e = assertThrows(BadInputException.class, () -> KeyWrap.unwrap(wrapped, ec2, Rsa.JCE));
    assertTrue(
        e.getMessage()
            .contains(
                "does not decrypt with the given private key: use the"
                    + " private key of the certificate the bundle was made for"),
        e.getMessage());
    assertFalse(e.getMessage().matches("(?s).*[0-9a-f]{16}.*"), e.getMessage());
  }

  @Test
  void nonHexWrappedValue_isRejected() {
    assertThrows(BadInputException.class, () -> KeyWrap.unwrap("xyz", userPrivate(), Rsa.JCE));
  }
}
