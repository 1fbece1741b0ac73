package org.amibundle.bundle.migrate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.amibundle.BadInputException;
import org.amibundle.LocalIoException;
import org.amibundle.NotFoundException;

/** Reads the {@code region,source-id,target-id} lines of a mapping file (see {@link IdMapping}). */
final class IdMappingFile {

  private static final int FIELDS = 3;

  private IdMappingFile() {}

  static IdMapping read(Path file, String region) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new NotFoundException("mapping file " + file + " does not exist: check the path", e);
    } catch (IOException e) {
      throw new LocalIoException("could not read mapping file " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> targets = new HashMap<>();
    Map<String, Integer> lineOf = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split(",", -1);
      if (fields.length != FIELDS || blank(fields)) {
        throw new BadInputException(
            "mapping file "
                + file
                + " line "
                + (i + 1)
                + " has "
                + fields.length
                + " field(s) or an empty one; each line is region,source-id,target-id");
      }
      if (!fields[0].strip().equals(region)) {
        continue;
      }
      String source = fields[1].strip();
      String target = fields[2].strip();
      String earlier = targets.putIfAbsent(source, target);
      if (earlier != null && !earlier.equals(target)) {
        throw new BadInputException(
            "mapping file "
                + file
                + " maps "
                + source
                + " in "
                + region
                + " to "
                + earlier
                + " (line "
                + lineOf.get(source)
                + ") and to "
                + target
                + " (line "
                + (i + 1)
                + "): keep one of the lines");
      }
      lineOf.putIfAbsent(source, i + 1);
    }
    Map<String, String> mapping = Map.copyOf(targets);
    return sourceId -> Optional.ofNullable(mapping.get(sourceId));
  }

  private static boolean blank(String[] fields) {
    for (String field : fields) {
      if (field.isBlank()) {
        return true;
      }
    }
    return false;
  }
}
