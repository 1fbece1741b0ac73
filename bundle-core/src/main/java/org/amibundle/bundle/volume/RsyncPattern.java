package org.amibundle.bundle.volume;

import java.util.regex.Pattern;

/**
 * An rsync include/exclude pattern, as ec2-bundle-vol hands them to rsync: {@code *} matches within
 * one path component, {@code **} across components, {@code ?} one character, {@code [..]} a class;
 * a leading {@code /} anchors the pattern at the volume root; a trailing {@code /} matches
 * directories only; a pattern with a {@code /} (or {@code **}) inside is matched against the end of
 * the whole path at a component boundary, one without against the last component.
 *
 * <p>Paths are volume-relative with a leading {@code /} ({@code /srv/u/.ssh/authorized_keys}), so
 * {@code *}{@code /.bash_history} also matches a history file at the top of the volume, which the
 * reference never copies but amibundle does (it copies top-level dot files).
 */
final class RsyncPattern {

  private final String text;
  private final Pattern regex;
  private final boolean wholePath;
  private final boolean directoriesOnly;

  private RsyncPattern(String text, Pattern regex, boolean wholePath, boolean directoriesOnly) {
    this.text = text;
    this.regex = regex;
    this.wholePath = wholePath;
    this.directoriesOnly = directoriesOnly;
  }

  static RsyncPattern of(String pattern) {
    return compile(pattern, Pattern.DOTALL);
  }

  /** The pattern matching in any letter case ({@code *.pem} also takes {@code KEY.PEM}). */
  static RsyncPattern ofAnyCase(String pattern) {
    return compile(pattern, Pattern.DOTALL | Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  private static RsyncPattern compile(String pattern, int flags) {
    if (pattern.isEmpty()) {
      throw new IllegalArgumentException("an include or exclude pattern must not be empty");
    }
    String body = pattern;
    boolean directoriesOnly = body.length() > 1 && body.endsWith("/");
    if (directoriesOnly) {
      body = body.substring(0, body.length() - 1);
    }
    boolean anchored = body.startsWith("/");
    boolean wholePath = anchored || body.contains("/") || body.contains("**");
    String glob = toRegex(anchored ? body.substring(1) : body);
    String regex;
    if (anchored) {
      regex = "/" + glob;
    } else if (wholePath) {
      regex = "(?:.*/)?" + glob;
    } else {
      regex = glob;
    }
    return new RsyncPattern(pattern, Pattern.compile(regex, flags), wholePath, directoriesOnly);
  }

  /** Whether {@code path} ({@code /a/b}, volume-relative) matches. */
  boolean matches(String path, boolean directory) {
    if (directoriesOnly && !directory) {
      return false;
    }
    String subject = wholePath ? path : path.substring(path.lastIndexOf('/') + 1);
    return regex.matcher(subject).matches();
  }

  /** The pattern as given. */
  String text() {
    return text;
  }

  /** Whether the pattern has no wildcard, so it names one path. */
  boolean isLiteral() {
    return text.chars().noneMatch(c -> c == '*' || c == '?' || c == '[');
  }

  private static String toRegex(String glob) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '/' && i > 0 && i + 4 == glob.length() && glob.endsWith("/***")) {
        out.append("(?:/.*)?"); // "dir/***": dir itself and everything below it
        break;
      }
      if (c == '*') {
        boolean doubled = i + 1 < glob.length() && glob.charAt(i + 1) == '*';
        if (doubled) {
          out.append(".*");
          i++;
        } else {
          out.append("[^/]*");
        }
      } else if (c == '?') {
        out.append("[^/]");
      } else if (c == '[') {
        int end = glob.indexOf(']', i + 2);
        if (end < 0) {
          out.append("\\[");
        } else {
          String set = glob.substring(i + 1, end).replace("\\", "\\\\");
          out.append('[').append(set.startsWith("!") ? "^" + set.substring(1) : set).append(']');
          i = end;
        }
      } else if (c == '\\' && i + 1 < glob.length()) {
        out.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
      } else {
        out.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return text;
  }
}
