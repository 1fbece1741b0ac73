package org.amibundle.bundle;

import java.util.ArrayList;
import java.util.List;

/**
 * Part file names as ec2-ami-tools gives them: {@code <name>.part.<i>} with the index zero-padded
 * to the number of digits of the part count (1–9 parts: {@code .part.0}; 10–99: {@code .part.00};
 * …). Readers never derive names: they take them from the manifest.
 */
final class PartNames {

  private PartNames() {}

  static List<String> of(String name, int count) {
    int width = Integer.toString(count).length();
    List<String> names = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String index = Integer.toString(i);
      names.add(name + ".part." + "0".repeat(width - index.length()) + index);
    }
    return names;
  }
}
