package org.amibundle.bundle.volume;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.amibundle.LocalIoException;

/**
 * Copies named entries of one tree onto another with GNU tar, without recursion: {@code tar -c
 * --no-recursion} reads the names (NUL-separated, from standard input) with their metadata,
 * xattrs and ACLs, holes as holes, and {@code tar -x} applies it, setting directory metadata last
 * (so the times stay those of the source) on directories that already exist.
 */
final class TarCopy {

  private static final List<String> METADATA =
      List.of("--xattrs", "--xattrs-include=*", "--acls", "--numeric-owner");

  private TarCopy() {}

  static void copy(Path from, Path to, List<String> members, boolean asRoot)
      throws LocalIoException {
    List<String> create = new ArrayList<>(List.of("tar", "-c", "--sparse", "--no-recursion",
        "--null", "-f", "-", "-C", from.toString(), "-T", "-"));
    create.addAll(2, METADATA);
    List<String> extract = new ArrayList<>(List.of("tar", "-x", "-p", "-f", "-", "-C", to.toString(),
        asRoot ? "--same-owner" : "--no-same-owner"));
    extract.addAll(3, METADATA);
    List<Process> pipeline;
    try {
      pipeline = ProcessBuilder.startPipeline(List.of(
          new ProcessBuilder(create), new ProcessBuilder(extract)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)));
    } catch (IOException e) {
      throw new LocalIoException("could not run tar to copy directory metadata: " + e.getMessage()
          + "; install GNU tar", e);
    }
    CompletableFuture<String> createErrors = ExternalCommand.drain(pipeline.get(0).getErrorStream());
    CompletableFuture<String> extractErrors = ExternalCommand.drain(pipeline.get(1).getErrorStream());
    try (OutputStream names = pipeline.get(0).getOutputStream()) {
      for (String member : members) {
        names.write(member.getBytes(StandardCharsets.UTF_8));
        names.write(0);
      }
    } catch (IOException e) {
      // tar stopped reading: its exit status and message below say why
    }
    try {
      int created = pipeline.get(0).waitFor();
      int extracted = pipeline.get(1).waitFor();
      if (created != 0 || extracted != 0) {
        throw new LocalIoException("tar could not copy " + members.size()
            + " directories and unlinkable files from " + from + " (exit " + created + "/" + extracted
            + "): " + (createErrors.join() + extractErrors.join()).strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalIoException("interrupted while tar was copying " + from, e);
    }
  }
}
