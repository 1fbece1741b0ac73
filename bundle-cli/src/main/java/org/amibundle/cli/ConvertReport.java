package org.amibundle.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.amibundle.bundle.convert.ConvertResult;
import org.amibundle.manifest.BlockDeviceMapping;
import org.amibundle.manifest.MachineConfiguration;
import org.amibundle.manifest.Manifest;

/**
 * What convert prints: what it did, then the AWS CLI commands that make an AMI of the result
 * (snapshot, register-image), with the architecture, kernel and ephemeral mappings of the manifest.
 */
final class ConvertReport {

  private static final String HVM_ROOT = "/dev/xvda";
  private static final String PV_ROOT = "/dev/sda1";

  private final PrintStream out;
  private final Manifest manifest;

  ConvertReport(PrintStream out, Manifest manifest) {
    this.out = out;
    this.manifest = manifest;
  }

  void print(ConvertResult r) {
    if (r.signatureVerified()) {
      out.println("Manifest signature verified.");
    }
    out.println(
        "Wrote image "
            + r.imageName()
            + " ("
            + r.imageSize()
            + " bytes, every part and the"
            + " image digest verified) onto "
            + r.target()
            + " ("
            + r.targetSize()
            + " bytes): "
            + r.dataBytes()
            + " bytes of data, "
            + r.holeBytes()
            + " bytes of holes "
            + (r.device()
                ? "("
                    + r.holesZeroedByDevice()
                    + " zeroed by the device, "
                    + r.holesWrittenAsZeros()
                    + " written as zeros)."
                : "skipped (left sparse)."));
    out.println(
        "Partition table: "
            + r.partitionTable().orElse("none (a bare filesystem image)")
            + (r.backupMoved()
                ? "; backup GPT header and entries moved to the end of the target,"
                    + " the old ones zeroed."
                : "; unchanged."));
    r.grownPartition()
        .ifPresent(
            n ->
                out.println(
                    "Grew partition "
                        + n
                        + " to the end of the"
                        + " target"
                        + (r.filesystemGrown() ? ", and its ext filesystem with it." : ".")));
    if (r.grownPartition().isEmpty() && r.filesystemGrown()) {
      out.println("Grew the ext filesystem to fill the target.");
    }
    for (String note : r.notes()) {
      out.println("NOTE: " + SettingFlags.rendered(note));
    }
    out.println("Convert complete.");
    out.println();
    nextSteps(r);
  }

  /** A step after convert: what to do, and the AWS CLI commands that do it. */
  record Step(String what, List<String> commands) {}

  private void nextSteps(ConvertResult r) {
    out.println("Next steps, with the AWS CLI:");
    List<Step> steps = steps(r);
    for (int i = 0; i < steps.size(); i++) {
      out.println("  " + (i + 1) + ". " + steps.get(i).what());
      steps.get(i).commands().forEach(command -> out.println("       " + command));
    }
  }

  /** What makes an AMI of the converted image: a snapshot, then register-image. */
  List<Step> steps(ConvertResult r) {
    String name = manifest.image().name();
    Step snapshot;
    if (r.device()) {
      snapshot =
          new Step(
              "Snapshot the volume"
                  + volumeId(r.target())
                      .map(id -> ":")
                      .orElse(
                          " (find its ID with: aws ec2 describe-volumes --filters"
                              + " Name=attachment.instance-id,Values=INSTANCE_ID):"),
              List.of(
                  "aws ec2 create-snapshot --volume-id "
                      + volumeId(r.target()).orElse("VOLUME_ID")
                      + " --description 'amibundle convert"
                      + " of "
                      + name
                      + "'",
                  "aws ec2 wait snapshot-completed --snapshot-ids SNAPSHOT_ID"));
    } else {
      String file = r.target().getFileName().toString();
      snapshot =
          new Step(
              "Make a snapshot of the disk image: import it as below (the import task names"
                  + " SNAPSHOT_ID once it is completed), or write it onto an EBS volume attached"
                  + " here (convert --to /dev/xvdf, or dd) and snapshot that:",
              List.of(
                  "aws s3 cp " + r.target() + " s3://BUCKET/" + file,
                  "aws ec2 import-snapshot --disk-container"
                      + " 'Format=RAW,UserBucket={S3Bucket=BUCKET,S3Key="
                      + file
                      + "}'",
                  "aws ec2 describe-import-snapshot-tasks --import-task-ids IMPORT_TASK_ID"));
    }
    return List.of(snapshot, new Step("Register the AMI:", List.of(registerImage(name))));
  }

  private String registerImage(String name) {
    MachineConfiguration machine = manifest.machineConfiguration();
    String architecture = machine == null ? "i386" : machine.architecture();
    Optional<String> kernel = machine == null ? Optional.empty() : machine.kernelId();
    String root = kernel.isPresent() ? rootDevice(machine) : HVM_ROOT;
    List<String> mappings = new ArrayList<>();
    mappings.add("DeviceName=" + root + ",Ebs={SnapshotId=SNAPSHOT_ID,DeleteOnTermination=true}");
    if (machine != null) {
      for (BlockDeviceMapping m : machine.blockDeviceMappings()) {
        if (m.virtualName().startsWith("ephemeral")) {
          mappings.add("DeviceName=" + devicePath(m.device()) + ",VirtualName=" + m.virtualName());
        }
      }
    }
    StringBuilder command =
        new StringBuilder(
            "aws ec2 register-image --name '"
                + name
                + "' --architecture "
                + architecture
                + " --root-device-name "
                + root
                + " --block-device-mappings '"
                + String.join(" ", mappings)
                + "'");
    if (kernel.isPresent()) {
      command.append(" --virtualization-type paravirtual --kernel-id ").append(kernel.get());
      machine.ramdiskId().ifPresent(id -> command.append(" --ramdisk-id ").append(id));
    } else {
      command.append(" --virtualization-type hvm --ena-support");
    }
    return command.toString();
  }

  /** A paravirtual image's root device: its {@code root} mapping, else EC2's usual one. */
  private static String rootDevice(MachineConfiguration machine) {
    return machine.blockDeviceMappings().stream()
        .filter(m -> m.virtualName().equals("root"))
        .map(m -> devicePath(m.device()))
        .findFirst()
        .orElse(PV_ROOT);
  }

  private static String devicePath(String device) {
    return device.startsWith("/") ? device : "/dev/" + device;
  }

  /** On Nitro instances an EBS volume's NVMe serial is its ID without the dash. */
  static Optional<String> volumeId(Path device) {
    try {
      String name = device.toRealPath().getFileName().toString();
      Path serial = Path.of("/sys/class/block", name, "device", "serial");
      if (!name.startsWith("nvme") || !Files.isReadable(serial)) {
        return Optional.empty();
      }
      String value = Files.readString(serial).strip();
      return value.matches("vol[0-9a-f]+")
          ? Optional.of("vol-" + value.substring(3))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
