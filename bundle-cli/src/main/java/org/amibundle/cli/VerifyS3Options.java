package org.amibundle.cli;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.amibundle.cli.options.S3Options;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The S3 options of verify-bundle and convert: those of {@link S3Options} but {@code -s}, which
 * names the parts directory there as in ec2-unbundle; the secret key comes from {@code AWS_SECRET_ACCESS_KEY} (or a
 * profile or instance role without {@code -a}). Turned into {@link S3Options} so that the client
 * is made as for every other S3 command.
 */
final class VerifyS3Options {

  @Option(
      names = {"-b", "--bucket"},
      required = true,
      paramLabel = "BUCKET[/PREFIX]",
      description = "Verify the bundle in this bucket (and key prefix) instead of a directory.")
  String bucket;

  @Option(
      names = {"-a", "--access-key"},
      paramLabel = "KEY_ID",
      description = "AWS access key ID; its secret from AWS_SECRET_ACCESS_KEY.")
  String accessKey;

  @Option(
      names = {"-t", "--delegation-token"},
      paramLabel = "TOKEN",
      description = "Session token of temporary credentials.")
  String sessionToken;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description =
          "Profile of ~/.aws/config and ~/.aws/credentials to take credentials and region from"
              + " (default: AWS_PROFILE, else the default chain).")
  String profile;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description =
          "S3 region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region, else the"
              + " bucket's own).")
  String region;

  @Option(
      names = {"--url", "--endpoint-url"},
      paramLabel = "URL",
      description =
          "S3 endpoint, e.g. of an S3-compatible server (default: AWS_ENDPOINT_URL_S3,"
              + " AWS_ENDPOINT_URL, else AWS's for the region).")
  URI url;

  @Option(names = "--retry", description = "Try each request up to 5 times instead of 3.")
  boolean retry;

  @Option(names = "--path-style", description = "Address the bucket in the path, not the host.")
  boolean pathStyle;

  /** The same settings as {@link S3Options}, parsed by picocli as any S3 command's are. */
  S3Options asS3Options() {
    List<String> args = new ArrayList<>(List.of("--bucket", bucket));
    add(args, "--access-key", accessKey);
    add(args, "--delegation-token", sessionToken);
    add(args, "--profile", profile);
    add(args, "--region", region);
    add(args, "--url", url == null ? null : url.toString());
    if (retry) {
      args.add("--retry");
    }
    if (pathStyle) {
      args.add("--path-style");
    }
    return CommandLine.populateCommand(new S3Options(), args.toArray(String[]::new));
  }

  private static void add(List<String> args, String option, String value) {
    if (value != null) {
      args.add(option);
      args.add(value);
    }
  }
}
