package org.amibundle.manifest.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import org.amibundle.BadInputException;
import org.amibundle.manifest.ImageInfo;
import org.amibundle.manifest.ManifestReader;
import org.amibundle.manifest.Part;
import org.amibundle.manifest.WrappedKeys;
import org.amibundle.testing.ExternalTool;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BundleKeysTest {

  private static ImageInfo golden(String bundle) throws Exception {
    return ManifestReader.read(TestData.referenceManifest(bundle)).manifest().image();
  }

  private static PublicKey cert(Path file) throws Exception {
    return PemFiles.readCertificate(file).getPublicKey();
  }

  @ParameterizedTest
  @ValueSource(strings = {"tiny", "multipart", "gptdisk", "opts"})
  void goldenKeys_unwrapAlikeWithUserPkcs1UserPkcs8AndEc2Keys(String bundle) throws Exception {
    WrappedKeys keys = golden(bundle).keys();

    AesKeyIv user = BundleKeys.unwrap(keys, PemFiles.readPrivateKey(TestData.userKey()), Rsa.JCE);
    AesKeyIv pkcs8 =
        BundleKeys.unwrap(keys, PemFiles.readPrivateKey(TestData.userKeyPkcs8()), Rsa.JCE);
    AesKeyIv ec2 = BundleKeys.unwrap(keys, PemFiles.readPrivateKey(TestData.ec2Key()), Rsa.JCE);

    assertTrue(user.key().equalsConstantTime(pkcs8.key()));
    assertTrue(user.iv().equalsConstantTime(pkcs8.iv()));
    assertTrue(user.key().equalsConstantTime(ec2.key()));
    assertTrue(user.iv().equalsConstantTime(ec2.iv()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"tiny", "gptdisk", "opts"})
  void goldenKeys_letOpensslDecryptThePartsToTheImageDigest(String bundle, @TempDir Path dir)
      throws Exception {
    ImageInfo image = golden(bundle);
    AesKeyIv secret =
        BundleKeys.unwrap(image.keys(), PemFiles.readPrivateKey(TestData.userKey()), Rsa.JCE);
    Files.writeString(dir.resolve("key.hex"), secret.key().revealHex());
    Files.writeString(dir.resolve("iv.hex"), secret.iv().revealHex());
    StringBuilder parts = new StringBuilder();
    for (Part part : image.parts()) {
      parts.append(" '").append(TestData.reference(bundle).resolve(part.filename())).append('\'');
    }

    ExternalTool.Result result =
        ExternalTool.bash(
            dir,
            "cat"
                + parts
                + " | openssl enc -d -aes-128-cbc -K \"$(cat key.hex)\""
                + " -iv \"$(cat iv.hex)\" | gunzip | sha1sum | cut -d' ' -f1");

    assertTrue(image.digest().matches(result.stdoutText().trim()), result.stdoutText());
  }

  @Test
  void wrapped_unwrapsWithTheUserKeyAndTheEc2Key() throws Exception {
    AesKeyIv secret = AesKeyIv.random(new SecureRandom());
    WrappedKeys keys =
        BundleKeys.wrap(secret, cert(TestData.userCert()), cert(TestData.ec2Cert()), Rsa.JCE);

    assertEquals("AES-128-CBC", keys.cipherAlgorithm());
    for (Path keyFile : new Path[] {TestData.userKey(), TestData.ec2Key()}) {
      AesKeyIv unwrapped = BundleKeys.unwrap(keys, PemFiles.readPrivateKey(keyFile), Rsa.JCE);
      assertTrue(secret.key().equalsConstantTime(unwrapped.key()));
      assertTrue(secret.iv().equalsConstantTime(unwrapped.iv()));
    }
  }

  @Test
  void emptyUserFields_fallBackToEc2Fields() throws Exception {
    AesKeyIv secret = AesKeyIv.random(new SecureRandom());
    WrappedKeys full =
        BundleKeys.wrap(secret, cert(TestData.userCert()), cert(TestData.ec2Cert()), Rsa.JCE);
    WrappedKeys ec2Only =
        new WrappedKeys(
            full.cipherAlgorithm(), full.ec2EncryptedKey(), "", full.ec2EncryptedIv(), "");

    AesKeyIv unwrapped =
        BundleKeys.unwrap(ec2Only, PemFiles.readPrivateKey(TestData.ec2Key()), Rsa.JCE);
    assertTrue(secret.key().equalsConstantTime(unwrapped.key()));
  }

  @Test
  void keyMatchingNeitherPair_failsNamingBothAttempts(@TempDir Path dir) throws Exception {
    ExternalTool.run(dir, "openssl", "genrsa", "-out", "other.pem", "2048").orFail();
    PrivateKey other = PemFiles.readPrivateKey(dir.resolve("other.pem"));
    WrappedKeys keys = golden("tiny").keys();

    var e = assertThrows(BadInputException.class, () -> BundleKeys.unwrap(keys, other, Rsa.JCE));
    String message = e.getMessage();
    assertTrue(message.contains("image/user_encrypted_key"), message);
    assertTrue(message.contains("image/ec2_encrypted_key"), message);
    assertFalse(message.contains(keys.userEncryptedKey().substring(0, 16)), message);
  }

  @Test
  void otherCipher_isRejected() throws Exception {
    WrappedKeys keys = golden("tiny").keys();
    WrappedKeys other =
        new WrappedKeys(
            "AES-256-CBC",
            keys.ec2EncryptedKey(),
            keys.userEncryptedKey(),
            keys.ec2EncryptedIv(),
            keys.userEncryptedIv());

    var e =
        assertThrows(
            BadInputException.class,
            () -> BundleKeys.unwrap(other, PemFiles.readPrivateKey(TestData.userKey()), Rsa.JCE));
    assertTrue(e.getMessage().contains("'AES-256-CBC'"), e.getMessage());
  }
}
