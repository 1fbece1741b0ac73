package org.amibundle.bundle.internal.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.amibundle.NotFoundException;
import org.amibundle.bundle.ImageTarget;

/** Chooses the {@link ImageOutput} for an {@link ImageTarget}. */
public final class ImageOutputs {

  private ImageOutputs() {}

  public static ImageOutput open(ImageTarget target) throws IOException {
    if (target instanceof ImageTarget.Directory d) {
      if (!Files.isDirectory(d.directory())) {
        throw new NotFoundException(
            "destination directory " + d.directory() + " does not exist: create it first");
      }
      return FileImageOutput.inDirectory(d.directory());
    }
    if (target instanceof ImageTarget.Stream s) {
      return SequentialImageOutput.stream(s.stream(), "the output stream");
    }
    Path file = ((ImageTarget.File) target).file();
    if (Files.isDirectory(file)) {
      return FileImageOutput.inDirectory(file);
    }
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      if (isBlockDevice(file)) {
        return DeviceImageOutput.open(file);
      }
      return SequentialImageOutput.special(file);
    }
    Path parent = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(parent)) {
      throw new NotFoundException(
          "directory " + parent + " for the image does not exist: create it first");
    }
    return FileImageOutput.atPath(file);
  }

  private static boolean isBlockDevice(Path file) throws IOException {
    int mode = (Integer) Files.getAttribute(file, "unix:mode");
    return (mode & 0170000) == 0060000;
  }
}
