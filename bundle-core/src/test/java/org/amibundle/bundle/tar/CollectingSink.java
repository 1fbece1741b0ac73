package org.amibundle.bundle.tar;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** An in-memory sink that checks the call order the {@link ImageSink} contract promises. */
final class CollectingSink implements ImageSink {

  record Write(long offset, byte[] bytes) {}

  String name;
  long size = -1;
  boolean ended;
  final List<Write> writes = new ArrayList<>();

  @Override
  public void begin(String memberName, long imageSize) {
    check(name == null, "begin called twice");
    name = memberName;
    size = imageSize;
  }

  @Override
  public void write(ByteBuffer data, long offset) {
    check(name != null && !ended, "write outside begin/end");
    long previousEnd =
        writes.isEmpty()
            ? 0
            : writes.get(writes.size() - 1).offset() + writes.get(writes.size() - 1).bytes().length;
    check(offset >= previousEnd, "write at " + offset + " before previous end " + previousEnd);
    check(data.remaining() > 0 && offset + data.remaining() <= size, "write outside the image");
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    writes.add(new Write(offset, bytes));
  }

  @Override
  public void end() {
    check(name != null && !ended, "end without begin, or twice");
    ended = true;
  }

  /** The image as a restorer would write it: delivered bytes, zeros elsewhere. */
  byte[] image() {
    byte[] image = new byte[Math.toIntExact(size)];
    for (Write write : writes) {
      System.arraycopy(write.bytes(), 0, image, (int) write.offset(), write.bytes().length);
    }
    return image;
  }

  /** True when every delivered byte lies inside one of {@code data}. */
  boolean deliveredOnlyWithin(List<Extent> data) {
    for (Write write : writes) {
      long end = write.offset() + write.bytes().length;
      if (data.stream().noneMatch(e -> e.offset() <= write.offset() && end <= e.end())) {
        return false;
      }
    }
    return true;
  }

  long deliveredBytes() {
    return writes.stream().mapToLong(w -> w.bytes().length).sum();
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new AssertionError(message);
    }
  }
}
