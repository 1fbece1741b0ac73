package org.amibundle.bundle.volume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.amibundle.BadInputException;
import org.amibundle.NotFoundException;
import org.amibundle.Setting;
import org.amibundle.bundle.internal.process.ExternalProgram;
import org.amibundle.bundle.internal.staging.WorkEntry;

/**
 * {@code -S SCRIPT}: runs the user's program with the image's filesystem mounted, as ec2-bundle-vol
 * does before it finishes the image. This is the one step that needs root: the filesystem is
 * loop-mounted from the image file at the partition's offset, and always unmounted (which also
 * frees the loop device) before the image is used.
 */
final class ScriptRunner {

  private ScriptRunner() {}

  static void run(Path script, Path image, long offset, String type, Path scratch)
      throws IOException {
    if (!Files.isExecutable(script)) {
      throw new NotFoundException("the script " + script + " does not exist or is not executable");
    }
    try (WorkEntry work = WorkEntry.directory(scratch, "mnt")) {
      Path mountPoint = work.path();
      VolumePrograms.of(
              List.of(
                  "mount",
                  "-t",
                  type,
                  "-o",
                  "loop,offset=" + offset,
                  image.toString(),
                  mountPoint.toString()))
          .within(ExternalProgram.QUICK)
          .run()
          .orFail(Setting.SCRIPT + " needs root to mount the image for the script");
      try {
        int code =
            ExternalProgram.of(
                    List.of(script.toAbsolutePath().toString(), mountPoint.toString()),
                    "make it executable and try again")
                .runShowingOutput();
        if (code != 0) {
          throw new BadInputException(
              "the script "
                  + script
                  + " exited "
                  + code
                  + "; the image is not made: fix the script and run again");
        }
      } finally {
        VolumePrograms.of(List.of("umount", mountPoint.toString()))
            .within(ExternalProgram.QUICK)
            .run()
            .orFail("could not unmount the image");
      }
    }
  }
}
