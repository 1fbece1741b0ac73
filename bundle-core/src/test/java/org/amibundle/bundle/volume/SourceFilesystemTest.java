package org.amibundle.bundle.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.amibundle.testing.ExternalTool;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The label bundle-vol gives the image is the source filesystem's, as blkid reports it. */
class SourceFilesystemTest {

  @TempDir Path work;

  /** blkid -o export escapes what a shell would read; the label comes back unescaped. */
  @ParameterizedTest
  @ValueSource(strings = {"root", "my disk$x", "a\\b\"c'd"})
  void aLabelFromBlkidExport_isTheFilesystemsOwn(String label) throws IOException {
    Path image = work.resolve("fs.img");
    ExternalTool.run(work, "truncate", "-s", "8M", image.toString()).orFail();
    ExternalTool.run(work, "mkfs.ext4", "-q", "-F", "-L", label, image.toString()).orFail();
    String export =
        ExternalTool.run(null, new byte[0], List.of("blkid", "-o", "export", image.toString()))
            .orFail()
            .stdoutText();

    assertEquals(Optional.of(label), SourceFilesystem.exported(export, "LABEL"), export);
  }
}
