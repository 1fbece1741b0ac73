package org.amibundle.bundle.volume;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.amibundle.testing.ExternalTool;

/**
 * Everything bundle-vol must preserve about a tree, one line per entry: type, mode, owner, mtime,
 * link count and fellow hard links, size and SHA-256, symlink target, device number, and every
 * extended attribute (ACLs included) as {@code getfattr} reads it.
 */
final class TreeListing {

  private TreeListing() {}

  static Map<String, String> of(Path root) throws IOException {
    Map<Object, List<String>> inodes = new TreeMap<>();
    Map<String, Object> inodeOf = new TreeMap<>();
    Map<String, String> lines = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        String rel = "/" + root.relativize(p);
        Map<String, Object> a =
            Files.readAttributes(
                p,
                "unix:mode,uid,gid,nlink,ino,rdev,size,lastModifiedTime",
                LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        String type =
            switch (mode & 0170000) {
              case 0040000 -> "dir";
              case 0100000 -> "file";
              case 0120000 -> "symlink";
              case 0010000 -> "fifo";
              case 0020000 -> "chr";
              case 0060000 -> "blk";
              default -> "other";
            };
        StringBuilder line =
            new StringBuilder(type)
                .append(" mode=")
                .append(Integer.toOctalString(mode & 07777))
                .append(" owner=")
                .append(a.get("uid"))
                .append(':')
                .append(a.get("gid"))
                .append(" mtime=")
                .append(((FileTime) a.get("lastModifiedTime")).toInstant().getEpochSecond());
        if (!type.equals("dir")) {
          line.append(" links=").append(a.get("nlink"));
          inodes.computeIfAbsent(a.get("ino"), k -> new ArrayList<>()).add(rel);
          inodeOf.put(rel, a.get("ino"));
        }
        switch (type) {
          case "file" ->
              line.append(" size=").append(a.get("size")).append(" sha256=").append(sha256(p));
          case "symlink" -> line.append(" -> ").append(Files.readSymbolicLink(p));
          case "chr", "blk" -> line.append(" rdev=").append(Long.toHexString((Long) a.get("rdev")));
          default -> {}
        }
        lines.put(rel, line.toString());
      }
    }
    inodeOf.forEach(
        (rel, ino) -> {
          List<String> group = inodes.get(ino);
          if (group.size() > 1) {
            lines.put(rel, lines.get(rel) + " group=" + group.stream().sorted().toList());
          }
        });
    xattrs(root).forEach((rel, attrs) -> lines.merge(rel, attrs, (l, x) -> l + " " + x));
    return lines;
  }

  /** getfattr's dump of every attribute of every entry, keyed like {@link #of}. */
  private static Map<String, String> xattrs(Path root) {
    String dump =
        ExternalTool.run(root, "getfattr", "-R", "-P", "-h", "-d", "-m", "-", "-e", "hex", ".")
            .orFail()
            .stdoutText();
    Map<String, String> out = new TreeMap<>();
    String current = null;
    List<String> attrs = new ArrayList<>();
    for (String line : (dump + "\n\n").split("\n", -1)) {
      if (line.startsWith("# file: ")) {
        current = line.substring(8);
      } else if (line.isBlank() && current != null) {
        String rel = current.equals(".") ? "/" : "/" + current.replaceFirst("^\\./", "");
        out.put(unescape(rel), "xattrs=" + attrs.stream().sorted().toList());
        current = null;
        attrs = new ArrayList<>();
      } else if (current != null) {
        attrs.add(line);
      }
    }
    return out;
  }

  /** getfattr writes bytes outside printable ASCII as \ooo. */
  private static String unescape(String name) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '\\' && i + 4 <= name.length() && name.substring(i + 1, i + 4).matches("[0-7]{3}")) {
        bytes.write(Integer.parseInt(name.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        byte[] b = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
      }
    }
    return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
