package org.amibundle.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.PrintStream;

/**
 * The one JSON object a command prints on standard output with {@code --json}, on one line: written
 * with jackson-core's streaming generator, which gets quoting and escapes right.
 */
final class JsonResult {

  /** Writes a command's fields into the object. */
  @FunctionalInterface
  interface Fields {
    void write(JsonGenerator json) throws IOException;
  }

  private static final JsonFactory FACTORY =
      JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  private JsonResult() {}

  static void write(PrintStream out, Fields fields) throws IOException {
    try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      json.writeStartObject();
      fields.write(json);
      json.writeEndObject();
    }
    out.println();
    out.flush();
  }
}
