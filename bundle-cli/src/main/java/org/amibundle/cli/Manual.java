package org.amibundle.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * A command's manual: its picocli model (synopsis, options, subcommands) with the prose kept as
 * text beside the classes ({@code manual/amibundle-COMMAND.txt}: NAME, DESCRIPTION and further
 * sections, EXIT STATUS) as its header, description and footer. {@code --manual} prints it; the
 * build writes the same model as the man pages ({@code ManualPages}), so the two cannot differ.
 *
 * <p>In the prose, a paragraph at the section's indent is one paragraph, reflowed; lines indented
 * further (lists, examples) are kept as they are.
 */
final class Manual {

  private static final String INDENT = "    ";
  private static final String EXIT_STATUS = "EXIT STATUS";

  private Manual() {}

  /** {@code --manual}: prints the manual of {@code command}. */
  static int print(Terminal terminal, CommandSpec command) {
    describe(command);
    command.commandLine().usage(terminal.out());
    return ExitCodes.OK;
  }

  /** The name of a command's manual page (and of its prose): {@code amibundle-partition-verify}. */
  static String pageName(CommandSpec command) {
    return command.qualifiedName("-");
  }

  /** Sets the usage message of {@code command} to its manual, when it has prose. */
  static void describe(CommandSpec command) {
    String prose = prose(pageName(command));
    if (prose == null) {
      return;
    }
    prose = prose.replace("%", "%%"); // picocli formats the text
    UsageMessageSpec usage = command.usageMessage();
    List<String> description = new ArrayList<>();
    List<String> exitStatus = new ArrayList<>();
    String section = "";
    for (String paragraph : prose.split("\n\\s*\n")) {
      List<String> lines = new ArrayList<>(paragraph.lines().toList());
      if (!lines.get(0).startsWith(" ")) {
        section = lines.remove(0).strip();
        if (!section.equals("NAME")
            && !section.equals("DESCRIPTION")
            && !section.equals(EXIT_STATUS)) {
          description.addAll(List.of(section, ""));
        }
      }
      if (section.equals("NAME")) {
        String name = String.join(" ", lines.stream().map(String::strip).toList());
        List<String> names = List.of(name.substring(0, name.indexOf(" - ")).split(", "));
        String dropIns = String.join(", ", names.subList(1, names.size()));
        usage.header(
            name.substring(name.indexOf(" - ") + 3)
                + (dropIns.isEmpty() ? "" : " (drop-in: " + dropIns + ")"));
      } else if (section.equals(EXIT_STATUS)) {
        exitStatus.addAll(paragraph(lines));
      } else if (!lines.isEmpty()) {
        description.addAll(paragraph(lines));
        description.add("");
      }
    }
    usage.headerHeading("NAME%n  " + command.qualifiedName(" ") + " - ");
    usage.synopsisHeading("%nSYNOPSIS%n  ");
    usage.descriptionHeading("%nDESCRIPTION%n");
    usage.description(description.subList(0, description.size() - 1).toArray(String[]::new));
    usage.parameterListHeading("%nARGUMENTS%n");
    usage.optionListHeading("%nOPTIONS%n");
    usage.footerHeading("%n" + EXIT_STATUS + "%n");
    usage.footer(exitStatus.toArray(String[]::new));
  }

  /**
   * The lines of one paragraph: its lines at the section's indent joined into one, then a blank
   * line and the lines indented further as they are, less the section's indent.
   */
  private static List<String> paragraph(List<String> lines) {
    List<String> result = new ArrayList<>();
    StringBuilder flowing = new StringBuilder();
    for (String line : lines) {
      String text = line.startsWith(INDENT) ? line.substring(INDENT.length()) : line.strip();
      if (text.startsWith(" ") || !result.isEmpty()) {
        result.add(text);
      } else {
        flowing.append(flowing.isEmpty() ? "" : " ").append(text);
      }
    }
    if (!flowing.isEmpty()) {
      if (!result.isEmpty()) {
        result.add(0, "");
      }
      result.add(0, flowing.toString());
    }
    return result;
  }

  private static String prose(String page) {
    try (InputStream in = Manual.class.getResourceAsStream("manual/" + page + ".txt")) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
