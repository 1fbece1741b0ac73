package org.amibundle.bundle.convert;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.amibundle.bundle.SignatureOutcome;

/**
 * What a conversion did.
 *
 * <p>Thread safety: immutable (its lists are unmodifiable copies), so it may be shared between
 * threads.
 *
 * @param target the device or file written
 * @param device whether it is a block device (holes zeroed or written as zeros) or a file (holes
 *     left)
 * @param imageName the image's name in the bundle
 * @param imageSize image bytes, all verified against the manifest's digest
 * @param targetSize bytes of the target
 * @param dataBytes image bytes that were data; the rest were holes
 * @param holesZeroedByDevice hole bytes the device zeroed itself (discard or write-zeroes), no data
 *     written; on a device the other hole bytes were written as zeros
 * @param partitionTable {@code GPT} or {@code MBR}; empty for an unpartitioned image
 * @param backupMoved whether the backup GPT was moved to the end of the target
 * @param grownPartition the partition grown to fill the target, if any
 * @param filesystemGrown whether an ext2/3/4 filesystem was grown with it (or, unpartitioned,
 *     alone)
 * @param notes what the user should know: a filesystem left as is, damage found in the table
 * @param signature what became of the manifest signature check
 */
public record ConvertResult(
    Path target,
    boolean device,
    String imageName,
    long imageSize,
    long targetSize,
    long dataBytes,
    long holesZeroedByDevice,
    Optional<String> partitionTable,
    boolean backupMoved,
    OptionalInt grownPartition,
    boolean filesystemGrown,
    List<String> notes,
    SignatureOutcome signature) {

  public ConvertResult {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(imageName, "imageName");
    Objects.requireNonNull(partitionTable, "partitionTable");
    Objects.requireNonNull(grownPartition, "grownPartition");
    Objects.requireNonNull(signature, "signature");
    notes = List.copyOf(notes);
    if (dataBytes < 0 || dataBytes > imageSize || imageSize > targetSize) {
      throw new IllegalArgumentException(
          "need 0 <= data <= image <= target bytes, got "
              + dataBytes
              + ", "
              + imageSize
              + ", "
              + targetSize);
    }
    if (holesZeroedByDevice < 0
        || holesZeroedByDevice > imageSize - dataBytes
        || (!device && holesZeroedByDevice > 0)) {
      throw new IllegalArgumentException(
          "holes zeroed by the device must be within the "
              + (imageSize - dataBytes)
              + " hole bytes, and only on a device, got "
              + holesZeroedByDevice);
    }
  }

  /** Whether the manifest signature was checked and held. */
  public boolean signatureVerified() {
    return signature == SignatureOutcome.VERIFIED;
  }

  /** Image bytes that were holes: skipped on a file; zeroed or written as zeros on a device. */
  public long holeBytes() {
    return imageSize - dataBytes;
  }

  /** Hole bytes written once as zeros: on a device, those it did not zero itself. */
  public long holesWrittenAsZeros() {
    return device ? holeBytes() - holesZeroedByDevice : 0;
  }
}
