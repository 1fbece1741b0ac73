package org.amibundle.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.amibundle.bundle.SignatureCheck;
import org.amibundle.bundle.verify.BundleVerifier;
import org.amibundle.bundle.verify.VerifyReport;
import org.amibundle.bundle.verify.VerifyRequest;
import org.amibundle.cli.options.CommonOptions;
import org.amibundle.cli.options.ManifestSourceOption;
import org.amibundle.cli.options.SignatureOptions;
import org.amibundle.manifest.keys.PemFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code verify-bundle}: checks a bundle in a directory or in S3 without restoring it, prints one
 * line per check and exits 0 only when every check passed.
 */
@Command(
    name = "verify-bundle",
    description = {
      "Check a bundle without restoring it: signature, every part, bundled_size, and with -k the"
          + " image digest.",
      "",
      "--json prints {passed, checks: [{name, passed, detail}], skipped: [signature, image"
          + " digest]}, also when a check failed."
    })
final class VerifyBundleCommand implements Callable<Integer> {

  private final Terminal terminal;

  @Mixin CommonOptions common;

  @Mixin ManifestSourceOption manifest;

  @Mixin SignatureOptions signature;

  @Option(
      names = {"-k", "--privatekey"},
      paramLabel = "PATH",
      description =
          "Decrypt the bundle with this key to check the image digest (nothing is written).")
  Path privateKey;

  @Mixin BundleSourceOptions where;

  VerifyBundleCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    if (common.manual()) {
      return Manual.print(terminal, common.command());
    }
    SignatureCheck check = signature.check();
    Optional<PrivateKey> key =
        privateKey == null ? Optional.empty() : Optional.of(PemFiles.readPrivateKey(privateKey));
    VerifyReport report;
    try (BundleSourceOptions.Opened bundle = where.open(manifest.value(), terminal)) {
      report =
          new BundleVerifier()
              .verify(
                  new VerifyRequest(
                      bundle.manifest(),
                      bundle.parts(),
                      check,
                      key,
                      ProgressPrinter.of(terminal, common.batch())));
    }
    terminal.json(json -> json(json, report));
    return print(report, check);
  }

  private void json(JsonGenerator json, VerifyReport report) throws IOException {
    json.writeBooleanField("passed", report.passed());
    json.writeArrayFieldStart("checks");
    for (VerifyReport.Check check : report.checks()) {
      json.writeStartObject();
      json.writeStringField("name", check.name());
      json.writeBooleanField("passed", check.passed());
      json.writeStringField("detail", SettingFlags.rendered(check.detail()));
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeArrayFieldStart("skipped");
    if (!signatureChecked(report)) {
      json.writeString("signature");
    }
    if (privateKey == null) {
      json.writeString("image digest");
    }
    json.writeEndArray();
  }

  private static boolean signatureChecked(VerifyReport report) {
    return report.checks().stream().anyMatch(c -> c.name().equals("signature"));
  }

  private int print(VerifyReport report, SignatureCheck signatureCheck) {
    for (VerifyReport.Check check : report.checks()) {
      terminal
          .out()
          .println(
              (check.passed() ? "OK      " : "FAILED  ")
                  + check.name()
                  + ": "
                  + SettingFlags.rendered(check.detail()));
    }
    if (!signatureChecked(report)) {
      terminal.out().println("SKIPPED signature: " + whyNoSignatureCheck(report, signatureCheck));
    }
    if (privateKey == null) {
      terminal.out().println("SKIPPED image digest: give -k KEY to decrypt and check it");
    }
    if (report.passed()) {
      terminal.out().println("Bundle verified: " + report.checks().size() + " checks passed.");
      return ExitCodes.OK;
    }
    terminal
        .err()
        .println(
            "ERROR: "
                + report.failures().size()
                + " of "
                + report.checks().size()
                + " checks failed; see FAILED above");
    return ExitCodes.ERROR;
  }

  private String whyNoSignatureCheck(VerifyReport report, SignatureCheck check) {
    if (check instanceof SignatureCheck.Skipped) {
      return "not checked, as asked (--no-verify-signature)";
    }
    if (privateKey == null) {
      return "give -c CERT, or -k with the user's private key, to check it";
    }
    if (report.failures().stream().anyMatch(c -> c.name().equals("key"))) {
      return "the private key does not open the bundle; give -c CERT to check it";
    }
    return SignatureOptions.EC2_KEY;
  }
}
