package org.amibundle.cli.options;

import java.util.Optional;
import org.amibundle.bundle.s3.BucketLocations;
import org.amibundle.bundle.s3.UploadRequest;
import picocli.CommandLine.Option;

/** How uploaded objects are stored: the canned ACL and where the bucket must be. */
public final class UploadTargetOptions {

  @Option(
      names = "--acl",
      paramLabel = "ACL",
      defaultValue = UploadRequest.DEFAULT_ACL,
      description =
          "Canned ACL: aws-exec-read (EC2 may read the bundle), public-read, private, or none for"
              + " buckets with ACLs disabled (default: ${DEFAULT-VALUE}).")
  String acl;

  @Option(
      names = "--location",
      paramLabel = "LOCATION",
      description =
          "Where the bucket must be (EU, US or a region such as eu-west-1): a missing bucket is"
              + " created there; a bucket elsewhere is refused with exit code 10 (default: the"
              + " --region unless it is us-east-1).")
  String location;

  /** The canned ACL to send; empty for {@code --acl none}. */
  public Optional<String> acl() {
    return acl.equals("none") ? Optional.empty() : Optional.of(acl);
  }

  /** {@code --location}, else (as the reference does) a {@code region} other than us-east-1. */
  public Optional<String> bucketLocation(String region) {
    return Optional.ofNullable(location)
        .or(() -> Optional.of(region).filter(r -> !BucketLocations.region(r).equals("us-east-1")));
  }
}
