package org.amibundle.bundle;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * The keys a bundle is made with: the user's certificate and private key (the manifest is signed
 * with the key; the AES key is wrapped to the certificate) and EC2's certificate (the AES key is
 * wrapped to it too, so that EC2 can open the bundle).
 *
 * <p>Thread safety: immutable, so it may be shared between threads.
 */
public record BundleCredentials(
    X509Certificate userCertificate, PrivateKey userPrivateKey, X509Certificate ec2Certificate) {

  public BundleCredentials {
    Objects.requireNonNull(userCertificate, "userCertificate");
    Objects.requireNonNull(userPrivateKey, "userPrivateKey");
    Objects.requireNonNull(ec2Certificate, "ec2Certificate");
  }

  @Override
  public String toString() {
    return "BundleCredentials[user="
        + userCertificate.getSubjectX500Principal()
        + ", ec2="
        + ec2Certificate.getSubjectX500Principal()
        + ", private key redacted]";
  }
}
