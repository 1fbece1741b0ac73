package org.amibundle.cli;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.amibundle.UsageException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * bundle-vol's words that a shell glob after {@code -e} spilled past its value. Packer's default
 * command is {@code ec2-bundle-vol … -e {{.PrivatePath}}/* …}: the shell expands the glob into the
 * x509 certificate and key, {@code -e} takes the first and the key is left over. The reference
 * ignores the leftover words, and so copies the signing key into the image; here every word that
 * follows {@code -e}'s value and names an existing path of the volume is left out as well. Any
 * other leftover word is refused: it is a mistake the reference would have hidden.
 */
final class SpilledExclusions {

  private SpilledExclusions() {}

  /**
   * The leftover {@code words} among {@code args} (the whole command line of {@code command}) that
   * continue an {@code -e}; fails on a leftover word anywhere else, or one that names nothing in
   * {@code volume}.
   */
  static List<String> of(CommandSpec command, List<String> args, List<String> words, Path volume)
      throws UsageException {
    List<String> left = new ArrayList<>(words);
    List<String> spilled = new ArrayList<>();
    boolean afterExclude = false;
    for (int i = 0; i < args.size() && !left.isEmpty(); i++) {
      String arg = args.get(i);
      OptionSpec option = arg.startsWith("-") ? command.findOption(arg) : null;
      if (option != null) {
        afterExclude = option.longestName().equals("--exclude");
        if (option.arity().max() > 0) {
          i++; // its value
        }
      } else if (arg.startsWith("-")) {
        // an option with its value attached (-efoo, --exclude=foo), or one picocli refused
        afterExclude = arg.startsWith("-e") || arg.startsWith("--exclude=");
      } else if (left.contains(arg)) {
        if (!afterExclude) {
          throw new UsageException(
              "unexpected argument '" + arg + "': every value belongs to an option");
        }
        left.remove(arg);
        spilled.add(existing(arg, volume));
      }
    }
    if (!left.isEmpty()) {
      throw new UsageException(
          "unexpected argument '" + left.get(0) + "': every value belongs to" + " an option");
    }
    return spilled;
  }

  private static String existing(String word, Path volume) throws UsageException {
    Path path = volume.resolve(word.replaceFirst("^/+", ""));
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      throw new UsageException(
          "unexpected argument '"
              + word
              + "' after -e: it names nothing in the volume "
              + volume
              + "; give several exclusions as one list, -e DIR1,DIR2");
    }
    return word;
  }
}
