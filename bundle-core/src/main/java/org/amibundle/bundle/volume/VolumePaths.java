package org.amibundle.bundle.volume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.amibundle.LocalIoException;
import org.amibundle.Printable;
import org.amibundle.Setting;

/**
 * An {@code -e} or {@code -i} path spelled the one way the file selection sees it: {@code ./x},
 * {@code x/}, {@code //x}, {@code /./x}, {@code x/sub/..} and {@code link/x} (a symbolic link to a
 * directory on the way) all become {@code /x}, so that the path listed under "Excluding:" is the
 * path left out.
 *
 * <p>The path is resolved as the kernel resolves it with the volume as root: empty and {@code .}
 * components are dropped, symbolic links on the way are followed inside the volume (an absolute
 * target starts again at the volume's root, as it will once the image boots), {@code ..} goes back
 * from where a link led. The last component is followed only when a {@code /} comes after it, so
 * {@code -e link} leaves out the link and {@code -e link/} the directory it points to. From the
 * first component with a wildcard ({@code * ? [}) on, the rest is taken as written, less empty and
 * {@code .} components; a trailing {@code /} then keeps meaning "directories only".
 */
final class VolumePaths {

  /** As Linux: more links than this on one path is a loop. */
  private static final int MAX_LINKS = 40;

  private VolumePaths() {}

  /** {@code pattern} ({@code /x}, anchored at the volume root) in its one spelling. */
  static String normalise(Path volume, String pattern) throws LocalIoException {
    Deque<String> rest = new ArrayDeque<>(Arrays.asList(pattern.split("/", -1)));
    List<String> done = new ArrayList<>();
    boolean wildcard = false;
    boolean followedLink = false;
    int links = 0;
    while (!rest.isEmpty()) {
      String name = rest.removeFirst();
      if (name.isEmpty() || name.equals(".")) {
        continue;
      }
      if (name.equals("..")) {
        if (!done.isEmpty()) {
          done.remove(done.size() - 1);
        } else if (!followedLink) {
          throw new IllegalArgumentException(
              "path "
                  + Printable.of(pattern.substring(1))
                  + " of "
                  + Setting.EXCLUDE_OR_INCLUDE
                  + " leads out of the volume "
                  + Printable.of(volume)
                  + ": give paths inside the volume, relative to it");
        }
        continue;
      }
      wildcard |= name.chars().anyMatch(c -> c == '*' || c == '?' || c == '[');
      Path here = volume.resolve(String.join("/", done)).resolve(name);
      if (wildcard || rest.isEmpty() || !Files.isSymbolicLink(here)) {
        done.add(name);
        continue;
      }
      if (++links > MAX_LINKS) {
        throw new IllegalArgumentException(
            "path "
                + Printable.of(pattern.substring(1))
                + " of "
                + Setting.EXCLUDE_OR_INCLUDE
                + " passes more than "
                + MAX_LINKS
                + " symbolic links in the volume "
                + Printable.of(volume)
                + ": there is a loop of links; give the path without it");
      }
      String target = readLink(here);
      if (target.startsWith("/")) {
        done.clear();
      }
      List<String> names = Arrays.asList(target.split("/", -1));
      for (int i = names.size() - 1; i >= 0; i--) {
        rest.addFirst(names.get(i));
      }
      followedLink = true;
    }
    if (done.isEmpty()) {
      throw new IllegalArgumentException(
          "path "
              + Printable.of(pattern.substring(1))
              + " of "
              + Setting.EXCLUDE_OR_INCLUDE
              + " names the whole volume "
              + Printable.of(volume)
              + ": give the paths inside it to leave out or copy");
    }
    boolean directoriesOnly = wildcard && pattern.endsWith("/");
    return "/" + String.join("/", done) + (directoriesOnly ? "/" : "");
  }

  private static String readLink(Path link) throws LocalIoException {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      throw new LocalIoException(
          "cannot read the symbolic link "
              + Printable.of(link)
              + ": "
              + Printable.of(e.getMessage()),
          e);
    }
  }
}
