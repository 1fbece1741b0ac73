package org.amibundle.cli;

import java.util.List;
import org.amibundle.bundle.AmiBundleVersion;
import picocli.CommandLine.IVersionProvider;

/**
 * What {@code --version} and {@code version} print: the ec2-ami-tools version line scripts parse
 * (with the tool's name for {@code --version}, as the reference does), then amibundle's own.
 */
final class VersionText implements IVersionProvider {

  /** The ec2-ami-tools release whose commands and formats amibundle follows. */
  static final String COMPATIBLE = "1.5.3 20071010";

  static List<String> lines() {
    return List.of(
        COMPATIBLE,
        "",
        "amibundle "
            + AmiBundleVersion.version()
            + ": a reimplementation of ec2-ami-tools "
            + COMPATIBLE
            + " (not an Amazon product).");
  }

  @Override
  public String[] getVersion() {
    List<String> lines = lines();
    String first = ToolName.current() + " " + lines.get(0);
    return new String[] {first, lines.get(1), lines.get(2)};
  }
}
