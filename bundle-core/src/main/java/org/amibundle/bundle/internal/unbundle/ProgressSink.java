package org.amibundle.bundle.internal.unbundle;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.amibundle.bundle.ProgressListener;
import org.amibundle.bundle.tar.ImageSink;

/**
 * An image sink that tells a {@link ProgressListener} how far into the image each write reaches:
 * the bytes written and the holes passed before them, and at the end the hole up to the image's
 * size, so that the reports add up to the image size.
 */
final class ProgressSink implements ImageSink {

  private final ImageSink delegate;
  private final ProgressListener listener;
  private long size;
  private long reached;

  ProgressSink(ImageSink delegate, ProgressListener listener) {
    this.delegate = delegate;
    this.listener = listener;
  }

  @Override
  public void begin(String memberName, long size) throws IOException {
    this.size = size;
    delegate.begin(memberName, size);
  }

  @Override
  public void write(ByteBuffer data, long offset) throws IOException {
    long end = offset + data.remaining();
    delegate.write(data, offset);
    reach(end);
  }

  @Override
  public void end() throws IOException {
    delegate.end();
    reach(size);
  }

  private void reach(long position) {
    if (position > reached) {
      listener.progressed(position - reached);
      reached = position;
    }
  }
}
