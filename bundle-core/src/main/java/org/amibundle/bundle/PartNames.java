package org.amibundle.bundle;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Part file names: {@code <name>.part.<i>}, the index zero-padded to a width.
 *
 * <p>{@link #of}: as ec2-ami-tools gives them, the width being the number of digits of the part
 * count (1–9 parts: {@code .part.0}; 10–99: {@code .part.00}; …). That count is known only at the
 * end, so bundles written to a directory are named so when they are moved in.
 *
 * <p>{@link #streamed}: for parts stored (uploaded) as they are made, before the count is known.
 * The width is that of the most parts the image can make, {@link #mostParts}: a 1 GiB image gives
 * {@code .part.000} to {@code .part.NNN} whatever it compresses to, a 100 MiB one {@code .part.00}.
 * Every reader takes part names and order from the manifest (ec2-unbundle, ec2-download-bundle, EC2
 * itself, euca2ools, amibundle); ec2-delete-bundle -p and amibundle delete-bundle -p match any
 * {@code .part.<digits>}; and a fixed width keeps shell globs ({@code cat name.part.*}) in index
 * order. euca-bundle-and-upload-image faces the same problem and uses a minimum width of 2 with
 * unpadded indexes from 100 on, which a glob puts out of order; amibundle does not.
 */
final class PartNames {

  private PartNames() {}

  /** The names ec2-ami-tools gives {@code count} parts. */
  static List<String> of(String name, int count) {
    int width = Integer.toString(count).length();
    List<String> names = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      names.add(name(name, i, width));
    }
    return names;
  }

  /** The name of each part of an image of {@code imageSize} bytes, known before the part count. */
  static IntFunction<String> streamed(String name, long imageSize, long partSize) {
    int width = Long.toString(mostParts(imageSize, partSize)).length();
    return index -> name(name, index, width);
  }

  /**
   * More parts than an image of {@code imageSize} bytes can make: the tar stream holds the image's
   * data, at most one 512-byte sparse map entry per 1 KiB of image (holes are found at 512-byte
   * granularity or coarser) and ~12 KiB of headers and padding; gzip adds under 0.1% to
   * incompressible data, AES one block. {@code size + size/16 + 1 MiB} is above all of that.
   */
  static long mostParts(long imageSize, long partSize) {
    long size = Math.min(imageSize, 1L << 60);
    long most = size + size / 16 + (1 << 20);
    return (most + partSize - 1) / partSize;
  }

  private static String name(String name, int index, int width) {
    String digits = Integer.toString(index);
    return BundleFileNames.part(name, "0".repeat(Math.max(0, width - digits.length())) + digits);
  }
}
