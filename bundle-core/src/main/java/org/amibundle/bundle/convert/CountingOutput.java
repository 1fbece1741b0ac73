package org.amibundle.bundle.convert;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;
import org.amibundle.bundle.internal.output.ImageOutput;

/** An image output that counts the data bytes it is given and knows whether it was begun. */
final class CountingOutput implements ImageOutput {

  private final ImageOutput delegate;
  private long dataBytes;
  private boolean begun;

  CountingOutput(ImageOutput delegate) {
    this.delegate = delegate;
  }

  long dataBytes() {
    return dataBytes;
  }

  /** Whether the target may have been written to. */
  boolean begun() {
    return begun;
  }

  @Override
  public void begin(String memberName, long size) throws IOException {
    begun = true;
    delegate.begin(memberName, size);
  }

  @Override
  public void write(ByteBuffer data, long offset) throws IOException {
    dataBytes += data.remaining();
    delegate.write(data, offset);
  }

  @Override
  public void end() throws IOException {
    delegate.end();
  }

  @Override
  public Optional<Path> commit() throws IOException {
    return delegate.commit();
  }

  @Override
  public void abort() {
    delegate.abort();
  }
}
