package org.amibundle.bundle.convert;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.amibundle.AmiBundleException;
import org.amibundle.BadInputException;
import org.amibundle.IntegrityException;
import org.amibundle.LocalIoException;
import org.amibundle.NotFoundException;
import org.amibundle.Printable;
import org.amibundle.RemoteRefusedException;
import org.amibundle.RemoteUnreachableException;
import org.amibundle.Setting;
import org.amibundle.bundle.ImageTarget;
import org.amibundle.bundle.UnbundleRequest;
import org.amibundle.bundle.UnbundleResult;
import org.amibundle.bundle.convert.TargetFitter.Fitted;
import org.amibundle.bundle.internal.output.DeviceImageOutput;
import org.amibundle.bundle.internal.output.FileImageOutput;
import org.amibundle.bundle.internal.progress.ProgressReporting;
import org.amibundle.bundle.internal.staging.WorkEntry;
import org.amibundle.bundle.internal.staging.WriteFailures;
import org.amibundle.bundle.internal.unbundle.Restorer;
import org.amibundle.bundle.stream.PartChecks;

/**
 * Turns an instance-store bundle into a disk (an EBS volume attached to this instance, or a disk
 * image file) in one pass: the parts stream in (from a directory or S3), each checked against its
 * SHA-1, through decryption, gunzip and the tar reader onto the target, and the image digest is
 * checked; then the target is fitted (see {@link TargetFitter}).
 *
 * <p>The target is checked first and refused, untouched, if it is smaller than the image, in use,
 * or (without {@code force}) not empty. A file target is built under a hidden name beside it and
 * renamed into place only when everything passed. A device is written in place: holes are zeroed by
 * the device where it can (discard or write-zeroes) and written as zeros where it cannot (it may
 * hold older data), and a failure after writing began leaves it partly written, which the error
 * says.
 *
 * <p>Thread safety: a {@code Converter} holds no state; one instance may run conversions from any
 * threads at once, each onto its own target.
 */
public final class Converter {

  /** It holds no state (see the class comment on threads). */
  public Converter() {}

  public ConvertResult convert(ConvertRequest request) throws IOException {
    return ProgressReporting.reported(request.progress(), () -> convertReported(request));
  }

  private static ConvertResult convertReported(ConvertRequest request) throws IOException {
    long imageSize = request.manifest().manifest().image().size();
    ConvertTarget target = ConvertTarget.inspect(request, imageSize);
    TargetFitter fitter =
        new TargetFitter(request.grow() ? Optional.of(ExtFilesystem.tools()) : Optional.empty());
    return target.device()
        ? ontoDevice(request, target, fitter)
        : ontoFile(request, target, fitter);
  }

  private static ConvertResult ontoFile(
      ConvertRequest request, ConvertTarget target, TargetFitter fitter) throws IOException {
    Path destination = target.path().toAbsolutePath();
    try (WorkEntry work =
        WorkEntry.file(destination.getParent(), destination.getFileName().toString())) {
      CountingOutput output = new CountingOutput(FileImageOutput.into(work));
      UnbundleResult unbundled =
          Restorer.unbundle(unbundleRequest(request), () -> output, PartChecks.NONE);
      setLength(work, target.size());
      Fitted fitted = fitter.fit(work.path(), unbundled.size(), target.size());
      setLength(work, target.size()); // resize2fs may trim a file to its filesystem's blocks
      try (FileChannel channel = FileChannel.open(work.path(), StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      work.guarded(
          () ->
              Files.move(
                  work.path(),
                  destination,
                  StandardCopyOption.ATOMIC_MOVE,
                  StandardCopyOption.REPLACE_EXISTING));
      work.release();
      return result(target, unbundled, output, 0, fitted, List.of());
    } catch (AmiBundleException | InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      throw WriteFailures.of(Printable.of(destination), destination.getParent(), e);
    }
  }

  private static ConvertResult ontoDevice(
      ConvertRequest request, ConvertTarget target, TargetFitter fitter) throws IOException {
    DeviceImageOutput device = DeviceImageOutput.open(target.path());
    CountingOutput output = new CountingOutput(device);
    try {
      UnbundleResult unbundled =
          Restorer.unbundle(unbundleRequest(request), () -> output, PartChecks.NONE);
      Fitted fitted = fitter.fit(target.path(), unbundled.size(), target.size());
      return result(
          target,
          unbundled,
          output,
          device.holesZeroedByDevice(),
          fitted,
          KernelTable.reread(target.path()));
    } catch (AmiBundleException e) {
      throw output.begun() ? partlyWritten(e, target.path()) : e;
    }
  }

  /** Guarded: "rw" would create the file again if a stop had removed it. */
  private static void setLength(WorkEntry work, long size) throws IOException {
    work.guarded(
        () -> {
          try (RandomAccessFile raf = new RandomAccessFile(work.path().toFile(), "rw")) {
            raf.setLength(size);
          }
          return null;
        });
  }

  private static UnbundleRequest unbundleRequest(ConvertRequest request) {
    return new UnbundleRequest(
        request.manifest(),
        request.parts(),
        request.privateKey(),
        request.signature(),
        ImageTarget.file(request.target()),
        ProgressReporting.withoutEnd(request.progress()));
  }

  private static ConvertResult result(
      ConvertTarget target,
      UnbundleResult unbundled,
      CountingOutput output,
      long holesZeroedByDevice,
      Fitted fitted,
      List<String> moreNotes) {
    List<String> notes = new ArrayList<>(unbundled.notes());
    notes.addAll(fitted.notes());
    notes.addAll(moreNotes);
    return new ConvertResult(
        target.path(),
        target.device(),
        unbundled.name(),
        unbundled.size(),
        target.size(),
        output.dataBytes(),
        holesZeroedByDevice,
        fitted.partitionTable(),
        fitted.backupMoved(),
        fitted.grownPartition(),
        fitted.filesystemGrown(),
        notes,
        unbundled.signature());
  }

  /** The same failure, saying that the device now holds part of an image. */
  private static AmiBundleException partlyWritten(AmiBundleException e, Path device) {
    String message =
        e.getMessage()
            + ". Device "
            + device
            + " is now partly written and must not"
            + " be used: run convert again (with "
            + Setting.FORCE
            + ", as it is no longer empty)";
    if (e instanceof NotFoundException) {
      return new NotFoundException(message, e);
    } else if (e instanceof BadInputException) {
      return new BadInputException(message, e);
    } else if (e instanceof IntegrityException) {
      return new IntegrityException(message, e);
    } else if (e instanceof RemoteRefusedException) {
      return new RemoteRefusedException(message, e);
    } else if (e instanceof RemoteUnreachableException) {
      return new RemoteUnreachableException(message, e);
    }
    return new LocalIoException(message, e);
  }
}
