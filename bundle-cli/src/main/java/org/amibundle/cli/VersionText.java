package org.amibundle.cli;

import java.util.List;
import org.amibundle.bundle.AmiBundleVersion;
import picocli.CommandLine.IVersionProvider;

/**
 * What {@code --version} and {@code version} print: amibundle's own version first (under the name
 * called, for an ec2-* wrapper), then the ec2-ami-tools release whose commands and formats it
 * follows.
 */
final class VersionText implements IVersionProvider {

  /** The ec2-ami-tools release whose commands and formats amibundle follows. */
  static final String COMPATIBLE = "1.5.3 20071010";

  /** The lines, the first naming {@code tool}: amibundle or the ec2-* wrapper called. */
  static List<String> lines(String tool) {
    String version = "amibundle " + AmiBundleVersion.version();
    return List.of(
        tool.equals(ToolName.DEFAULT) ? version : tool + " (" + version + ")",
        "follows ec2-ami-tools " + COMPATIBLE + " (a reimplementation, not an Amazon product)");
  }

  @Override
  public String[] getVersion() {
    return lines(ToolName.current()).toArray(String[]::new);
  }
}
