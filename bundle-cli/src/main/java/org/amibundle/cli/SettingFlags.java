package org.amibundle.cli;

import org.amibundle.Setting;

/**
 * The command line's name for each request {@link Setting} the library's messages name: the one
 * place where a library sentence ("or write over it with the force setting") becomes the command
 * line's ("or write over it with --force").
 */
public final class SettingFlags {

  private SettingFlags() {}

  /** The flag that gives {@code setting} on the command line. */
  public static String flag(Setting setting) {
    return switch (setting) {
      case FORCE -> "--force";
      case GROW -> "--grow";
      case SIZE -> "--size";
      case SOURCE -> "--source";
      case IMAGE -> "--image";
      case KERNEL -> "--kernel";
      case RAMDISK -> "--ramdisk";
      case PARTITION -> "-P";
      case PREFIX -> "--prefix";
      case EXCLUDE -> "-e";
      case EXCLUDE_OR_INCLUDE -> "-e/-i";
      case NO_MAPPING -> "--no-mapping";
      case SKIP_SIGNATURE_CHECK -> "--no-verify-signature";
      case ENDPOINT -> "--url";
      case REGION -> "--region";
      case LOCATION -> "--location";
      case ACCESS_KEY -> "--access-key";
      case PROFILE -> "--profile";
      case DEBUG -> "--debug";
      case CERT -> "-c/--cert";
      case EC2_CERT -> "--ec2cert";
      case BUCKET -> "--bucket";
      case DESTINATION -> "--destination";
      case DIRECTORY -> "--directory";
      case OUTPUT -> "--output";
      case SCRIPT -> "--script";
    };
  }

  /** {@code message} with every setting it names spelled as the command line's flag. */
  public static String rendered(String message) {
    String rendered = message;
    for (Setting setting : Setting.values()) {
      rendered = rendered.replace(setting.phrase(), flag(setting));
    }
    return rendered;
  }
}
