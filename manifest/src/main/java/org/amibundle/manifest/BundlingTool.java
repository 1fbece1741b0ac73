package org.amibundle.manifest;

import java.util.Objects;

/**
 * The {@code bundler} element: which tool wrote the bundle ({@code ec2-ami-tools 1.5 3}, {@code
 * euca2ools 3.4.1 0}, or ours).
 */
public record BundlingTool(String name, String version, String release) {

  public BundlingTool {
    Objects.requireNonNull(name, "bundler name");
    Objects.requireNonNull(version, "bundler version");
    Objects.requireNonNull(release, "bundler release");
  }
}
