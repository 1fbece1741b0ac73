package org.amibundle.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** {@code --manual}: prints the command's manual page, kept as text beside the classes. */
final class Manual {

  private Manual() {}

  static int print(Terminal terminal, String command) {
    try (InputStream in = Manual.class.getResourceAsStream("manual/" + command + ".txt")) {
      if (in == null) {
        throw new IllegalStateException("no manual for " + command + " in the amibundle jar");
      }
      terminal.out().print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return ExitCodes.OK;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
