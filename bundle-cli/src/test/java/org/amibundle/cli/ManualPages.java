package org.amibundle.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Run by the build (prepare-package), not a test: writes, from the picocli model of every command
 * with its manual ({@link Manual#describe}), one AsciiDoc man page a command into {@code DIR/adoc}
 * (made troff by asciidoctor), and the bash completion script, with a zsh one (the same script,
 * which under zsh runs through bashcompinit), into {@code DIR/completion}: {@code ManualPages DIR}.
 */
public final class ManualPages {

  private static final Pattern LIST_ITEM = Pattern.compile("(\\s*[-*] )(.*)");

  private ManualPages() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    CommandLine amibundle = Main.commandLine(Terminal.system(), "");
    Path adoc = Files.createDirectories(out.resolve("adoc"));
    write(amibundle, adoc);

    Path completion = Files.createDirectories(out.resolve("completion"));
    String bash = AutoComplete.bash("amibundle", amibundle);
    Files.writeString(completion.resolve("amibundle.bash"), bash);
    Files.writeString(
        completion.resolve("amibundle.zsh"),
        "# zsh completion for amibundle: source this file from ~/.zshrc. It is the bash"
            + " completion,\n# which under zsh loads bashcompinit and runs through it.\n"
            + bash);
  }

  private static void write(CommandLine command, Path directory) throws IOException {
    UsageMessageSpec usage = command.getCommandSpec().usageMessage();
    Manual.describe(command.getCommandSpec());
    usage.description(asciiDoc(usage.description()));
    usage.footer(asciiDoc(usage.footer()));
    Path page = directory.resolve(Manual.pageName(command.getCommandSpec()) + ".adoc");
    try (PrintWriter writer =
        new PrintWriter(Files.newBufferedWriter(page, StandardCharsets.UTF_8))) {
      ManPageGenerator.writeSingleManPage(writer, command.getCommandSpec());
    }
    for (CommandLine sub : command.getSubcommands().values()) {
      write(sub, directory);
    }
  }

  /**
   * The manual's lines as AsciiDoc that shows them as they are: the text of paragraphs and list
   * items as passthroughs (no AsciiDoc markup is read in {@code *}, {@code _} or quotes), the
   * indented blocks that are not lists left as they are (AsciiDoc shows them verbatim).
   */
  private static String[] asciiDoc(String[] lines) {
    String[] result = new String[lines.length];
    boolean verbatim = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      Matcher item = LIST_ITEM.matcher(line);
      boolean blockStart = i == 0 || lines[i - 1].isBlank();
      if (blockStart) {
        verbatim = line.startsWith(" ") && !item.matches();
      }
      if (line.isBlank() || verbatim) {
        result[i] = line;
      } else if (item.matches()) {
        result[i] = item.group(1) + "+++" + item.group(2) + "+++";
      } else {
        String text = line.stripLeading();
        result[i] = line.substring(0, line.length() - text.length()) + "+++" + text + "+++";
      }
    }
    return result;
  }
}
