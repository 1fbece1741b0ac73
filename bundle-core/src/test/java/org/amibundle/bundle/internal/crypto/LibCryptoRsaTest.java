package org.amibundle.bundle.internal.crypto;

import static org.amibundle.bundle.internal.crypto.CipherImplementation.loadedLibCrypto;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import javax.crypto.BadPaddingException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.amibundle.AmiBundleException;
import org.amibundle.manifest.keys.KeyWrap;
import org.amibundle.manifest.keys.PemFiles;
import org.amibundle.manifest.keys.Rsa;
import org.amibundle.manifest.keys.SecretBytes;
import org.amibundle.testing.ExternalTool;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libcrypto's RSA against the JCE's and against the openssl command: each decrypts what the others
 * encrypt, signatures are byte for byte the JCE's and verify with openssl, and a wrong key, a
 * damaged ciphertext or a key that is not RSA fail as they fail with the JCE.
 */
class LibCryptoRsaTest {

  private static final PrivateKey USER_KEY =
      read(() -> PemFiles.readPrivateKey(TestData.userKey()));
  private static final PublicKey USER_PUBLIC =
      read(() -> PemFiles.readCertificate(TestData.userCert()).getPublicKey());
  private static final PrivateKey EC2_KEY = read(() -> PemFiles.readPrivateKey(TestData.ec2Key()));

  private final Rsa rsa = LibCryptoRsa.orJce();

  private interface Reader<T> {
    T read() throws AmiBundleException;
  }

  private static <T> T read(Reader<T> reader) {
    try {
      return reader.read();
    } catch (AmiBundleException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void whereLibCryptoIsLoaded_itIsTheRsaBundlesUse() {
    loadedLibCrypto();
    assertInstanceOf(LibCryptoRsa.class, rsa);
  }

  @Property(tries = 40)
  void eachDecryptsWhatTheOtherEncrypts(@ForAll @Size(min = 1, max = 245) byte[] plaintext)
      throws Exception {
    assertArrayEquals(plaintext, Rsa.JCE.decrypt(USER_KEY, rsa.encrypt(USER_PUBLIC, plaintext)));
    assertArrayEquals(plaintext, rsa.decrypt(USER_KEY, Rsa.JCE.encrypt(USER_PUBLIC, plaintext)));
  }

  @Property(tries = 20)
  void signaturesAreTheJcesByteForByte(@ForAll @Size(max = 5000) byte[] data) throws Exception {
    assertArrayEquals(Rsa.JCE.signSha1(USER_KEY, data), rsa.signSha1(USER_KEY, data));
  }

  @Test
  void openssl_decryptsWhatItEncrypts_andVerifiesItsSignature(@TempDir Path dir) throws Exception {
    byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    Files.write(dir.resolve("wrapped"), rsa.encrypt(USER_PUBLIC, secret));
    byte[] decrypted =
        ExternalTool.run(
                dir,
                "openssl",
                "pkeyutl",
                "-decrypt",
                "-inkey",
                TestData.userKey().toString(),
                "-in",
                "wrapped")
            .orFail()
            .stdout();
    assertArrayEquals(secret, decrypted);

    byte[] region = "<machine_configuration/><image/>".getBytes(StandardCharsets.US_ASCII);
    Files.write(dir.resolve("region"), region);
    Files.write(dir.resolve("signature"), rsa.signSha1(USER_KEY, region));
    ExternalTool.bash(
            dir,
            "openssl x509 -in '"
                + TestData.userCert()
                + "' -pubkey -noout >public.pem"
                + " && openssl dgst -sha1 -verify public.pem -signature signature region")
        .orFail();
  }

  @Test
  void opensslsWrappedKey_unwrapsWithIt(@TempDir Path dir) throws Exception {
    String hex = "00112233445566778899aabbccddeeff";
    Files.writeString(dir.resolve("hex"), hex);
    byte[] wrapped =
        ExternalTool.run(
                dir,
                "openssl",
                "pkeyutl",
                "-encrypt",
                "-certin",
                "-inkey",
                TestData.userCert().toString(),
                "-in",
                "hex")
            .orFail()
            .stdout();
    SecretBytes secret = KeyWrap.unwrap(HexFormat.of().formatHex(wrapped), USER_KEY, rsa);
    assertEquals(hex, secret.revealHex());
  }

  @Test
  void theWrongPrivateKey_failsAsWithTheJce() throws Exception {
    byte[] ciphertext = Rsa.JCE.encrypt(USER_PUBLIC, new byte[32]);
    assertThrows(BadPaddingException.class, () -> Rsa.JCE.decrypt(EC2_KEY, ciphertext));
    assertThrows(BadPaddingException.class, () -> rsa.decrypt(EC2_KEY, ciphertext));
  }

  @Test
  void damagedOrEmptyCiphertexts_fail() throws Exception {
    byte[] ciphertext = rsa.encrypt(USER_PUBLIC, new byte[32]);
    Random random = new Random(5);
    for (int i = 0; i < 20; i++) {
      byte[] damaged = ciphertext.clone();
      damaged[random.nextInt(damaged.length)] ^= (byte) (1 + random.nextInt(255));
      assertThrows(GeneralSecurityException.class, () -> rsa.decrypt(USER_KEY, damaged));
    }
    for (byte[] bad : List.of(new byte[0], new byte[7], new byte[ciphertext.length + 1])) {
      assertThrows(GeneralSecurityException.class, () -> rsa.decrypt(USER_KEY, bad));
    }
  }

  @Test
  void keysThatAreNotRsa_areRefusedAsTheJceRefusesThem() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    var pair = generator.generateKeyPair();
    assertThrows(InvalidKeyException.class, () -> rsa.encrypt(pair.getPublic(), new byte[3]));
    assertThrows(InvalidKeyException.class, () -> rsa.decrypt(pair.getPrivate(), new byte[3]));
    assertThrows(InvalidKeyException.class, () -> rsa.signSha1(pair.getPrivate(), new byte[3]));
    assertThrows(InvalidKeyException.class, () -> Rsa.JCE.encrypt(pair.getPublic(), new byte[3]));
  }

  @Test
  void aKeyStaysUsable_thoughTheCopyOfItsEncodingIsWiped() throws Exception {
    byte[] data = {1, 2, 3};
    byte[] first = rsa.signSha1(USER_KEY, data);
    assertArrayEquals(first, rsa.signSha1(USER_KEY, data));
    assertArrayEquals(first, Rsa.JCE.signSha1(USER_KEY, data));
  }
}
