package org.amibundle.manifest.keys;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import org.amibundle.AmiBundleException;
import org.amibundle.BadInputException;
import org.amibundle.LocalIoException;
import org.amibundle.NotFoundException;
import org.amibundle.Setting;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Loads the PEM files bundling needs: the user's RSA private key (PKCS#1 {@code BEGIN RSA PRIVATE
 * KEY} or PKCS#8 {@code BEGIN PRIVATE KEY}, unencrypted) and X.509 certificates. Certificate
 * validity dates are never checked: EC2's own certificate expired in 2006 and is still the one in
 * use. Messages never contain key material.
 */
public final class PemFiles {

  private static final String RSA = "RSA";

  private PemFiles() {}

  /** The RSA private key in {@code file}. */
  public static PrivateKey readPrivateKey(Path file) throws AmiBundleException {
    PrivateKey key;
    try (PEMParser parser = open(file)) {
      key = firstPrivateKey(parser, file);
    } catch (AmiBundleException e) {
      throw e;
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      // Bouncy Castle reports damaged base64 or ASN.1 with runtime exceptions too.
      // Not chained: a parser message might quote the file's content.
      throw new BadInputException(
          "private key file "
              + file
              + " is not a readable PEM file: give an RSA private key"
              + " in PEM form (BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY)");
    }
    if (!RSA.equals(key.getAlgorithm())) {
      throw new BadInputException(
          "private key file "
              + file
              + " holds a "
              + key.getAlgorithm()
              + " key, but bundles need an RSA key");
    }
    return key;
  }

  /** The first X.509 certificate in {@code file}; expired certificates are accepted. */
  public static X509Certificate readCertificate(Path file) throws AmiBundleException {
    try (PEMParser parser = open(file)) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        if (object instanceof X509CertificateHolder holder) {
          return new JcaX509CertificateConverter().getCertificate(holder);
        }
      }
    } catch (AmiBundleException e) {
      throw e;
    } catch (IOException
        | CertificateException
        | IllegalArgumentException
        | IllegalStateException e) {
      throw new BadInputException(
          "certificate file " + file + " is not a readable PEM certificate: " + e.getMessage(), e);
    }
    throw new BadInputException(
        "certificate file "
            + file
            + " holds no certificate: expected a PEM block"
            + " BEGIN CERTIFICATE (check that "
            + Setting.CERT
            + " and "
            + Setting.EC2_CERT
            + " name certificates)");
  }

  /** The public half of an RSA private key (needs the CRT form every PEM key file has). */
  public static PublicKey publicKeyOf(PrivateKey key) {
    if (!(key instanceof RSAPrivateCrtKey crt)) {
      throw new IllegalArgumentException(
          "the public key can only be derived from an RSA CRT private key, got "
              + key.getAlgorithm()
              + " "
              + key.getFormat());
    }
    try {
      return KeyFactory.getInstance(RSA)
          .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this Java runtime cannot build RSA public keys", e);
    }
  }

  private static PEMParser open(Path file) throws AmiBundleException {
    Reader reader;
    try {
      reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new NotFoundException("PEM file " + file + " does not exist: check the path", e);
    } catch (IOException e) {
      throw new LocalIoException("could not open PEM file " + file + ": " + e.getMessage(), e);
    }
    return new PEMParser(reader);
  }

  private static PrivateKey firstPrivateKey(PEMParser parser, Path file) throws IOException {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
      if (object instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      if (object instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
        throw new BadInputException(
            "private key file "
                + file
                + " is encrypted with a passphrase: decrypt it first with"
                + " 'openssl rsa -in KEY -out PLAIN' (BEGIN RSA PRIVATE KEY) or"
                + " 'openssl pkcs8 -in KEY -out PLAIN' (BEGIN ENCRYPTED PRIVATE KEY),"
                + " keep the result private, and pass that file");
      }
    }
    throw new BadInputException(
        "private key file "
            + file
            + " holds no private key: expected a PEM block"
            + " BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY (a certificate is not a key)");
  }
}
