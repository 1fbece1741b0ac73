package org.amibundle.bundle.internal.unbundle;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.amibundle.IntegrityException;
import org.amibundle.bundle.tar.ImageSink;
import org.amibundle.manifest.ImageInfo;

/**
 * Hands the image to the output as the manifest describes it: under the manifest's image name
 * (which the signature covers), never the tar member's, and not one byte past the manifest's image
 * size (the tar reader refuses a larger member before this; this is the last guard).
 */
final class ManifestImageSink implements ImageSink {

  private final ImageInfo image;
  private final ImageSink output;

  ManifestImageSink(ImageInfo image, ImageSink output) {
    this.image = image;
    this.output = output;
  }

  @Override
  public void begin(String memberName, long size) throws IOException {
    output.begin(image.name(), size);
  }

  @Override
  public void write(ByteBuffer data, long offset) throws IOException {
    long end = offset + data.remaining();
    if (end > image.size()) {
      throw new IntegrityException(
          "the image would grow past the manifest's image size of "
              + image.size()
              + " bytes (to "
              + end
              + "): writing stopped; the bundle was altered or its"
              + " manifest belongs to another bundle");
    }
    output.write(data, offset);
  }

  @Override
  public void end() throws IOException {
    output.end();
  }
}
