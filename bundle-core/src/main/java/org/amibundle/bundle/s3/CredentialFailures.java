package org.amibundle.bundle.s3;

import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amibundle.AmiBundleException;
import org.amibundle.ConfigurationException;
import org.amibundle.RemoteUnreachableException;
import org.amibundle.Setting;
import software.amazon.awssdk.profiles.ProfileFileSystemSetting;

/**
 * Why no credentials could be had, in one line that names the cause and the fix. The SDK's own text
 * (a provider chain's every attempt, over a kilobyte) stays in the cause, for a debug trace.
 */
final class CredentialFailures {

  private static final Pattern NO_CREDENTIALS_IN_PROFILE =
      Pattern.compile("contained no credentials for profile '([^']*)'");

  private static final String WAYS =
      "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, give "
          + Setting.ACCESS_KEY
          + " with"
          + " AWS_SECRET_ACCESS_KEY, or name a profile of ~/.aws/config with "
          + Setting.PROFILE
          + " or AWS_PROFILE";

  private CredentialFailures() {}

  /** Where the credentials were looked for: "profile NAME" or "the default credential chain". */
  static String source(S3Settings settings) {
    return profile(settings).map(name -> "profile " + name).orElse("the default credential chain");
  }

  /**
   * The profile named by the settings, else by AWS_PROFILE (or aws.profile), as the SDK reads it.
   */
  private static Optional<String> profile(S3Settings settings) {
    return settings
        .profile()
        .or(() -> ProfileFileSystemSetting.AWS_PROFILE.getNonDefaultStringValue());
  }

  static AmiBundleException of(S3Settings settings, Exception e) {
    String sdk = String.valueOf(e.getMessage());
    Optional<String> profile = profile(settings);
    if (sdk.contains("SSO session") && sdk.contains("expired")) {
      return new ConfigurationException(
          "the SSO sign-in of "
              + source(settings)
              + " has expired: run 'aws sso login"
              + profile.map(name -> " --profile " + name).orElse("")
              + "' and try again",
          e);
    }
    if (rootCause(e) instanceof IOException io) {
      return new RemoteUnreachableException(
          "the AWS credential service of "
              + source(settings)
              + " could not be reached ("
              + io.getClass().getSimpleName()
              + "): retry later, or check the endpoint settings",
          e);
    }
    Matcher empty = NO_CREDENTIALS_IN_PROFILE.matcher(sdk);
    if (profile.isPresent() && empty.find()) {
      return new ConfigurationException(
          "profile "
              + empty.group(1)
              + " is not in the AWS configuration files (~/.aws/config,"
              + " ~/.aws/credentials) or gives no credentials: check the name ("
              + Setting.PROFILE
              + ", AWS_PROFILE), or run 'aws configure --profile "
              + empty.group(1)
              + "'",
          e);
    }
    if (sdk.contains("Unable to load credentials from any of the providers")) {
      return new ConfigurationException("no AWS credentials found: " + WAYS, e);
    }
    return new ConfigurationException(
        "the AWS credentials of "
            + source(settings)
            + " could not be loaded: check its settings"
            + " (run with "
            + Setting.DEBUG
            + " for the AWS SDK's detail)",
        e);
  }

  private static Throwable rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }
}
