package org.amibundle.partition.gpt;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Named GPT partition type GUIDs, with the sgdisk type codes they go by. */
public final class GptTypes {

  /** BIOS boot partition, sgdisk EF02 (where GRUB's core image lives on a BIOS/GPT disk). */
  public static final UUID BIOS_BOOT = UUID.fromString("21686148-6449-6E6F-744E-656564454649");

  /** Linux filesystem data, sgdisk 8300. */
  public static final UUID LINUX_FILESYSTEM =
      UUID.fromString("0FC63DAF-8483-4772-8E79-3D69D8477DE4");

  /** EFI system partition, sgdisk EF00. */
  public static final UUID EFI_SYSTEM = UUID.fromString("C12A7328-F81F-11D2-BA4B-00A0C93EC93B");

  /** Linux swap, sgdisk 8200. */
  public static final UUID LINUX_SWAP = UUID.fromString("0657FD6D-A4AB-43C4-84E5-0933C84B4F4F");

  /** Linux LVM, sgdisk 8E00. */
  public static final UUID LINUX_LVM = UUID.fromString("E6D6D379-F507-44C2-A23C-238F2A3DF928");

  /** Linux RAID, sgdisk FD00. */
  public static final UUID LINUX_RAID = UUID.fromString("A19D880F-05FC-4D3B-A006-743F0F84911E");

  /** Linux x86-64 root (discoverable partitions), sgdisk 8304. */
  public static final UUID LINUX_ROOT_X86_64 =
      UUID.fromString("4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709");

  /** Microsoft basic data, sgdisk 0700. */
  public static final UUID MICROSOFT_BASIC_DATA =
      UUID.fromString("EBD0A0A2-B9E5-4433-87C0-68B6B72699C7");

  /** The all-zero GUID: an unused entry. */
  public static final UUID UNUSED = new UUID(0, 0);

  private static final Map<UUID, String> CODES =
      Map.of(
          BIOS_BOOT, "EF02",
          LINUX_FILESYSTEM, "8300",
          EFI_SYSTEM, "EF00",
          LINUX_SWAP, "8200",
          LINUX_LVM, "8E00",
          LINUX_RAID, "FD00",
          LINUX_ROOT_X86_64, "8304",
          MICROSOFT_BASIC_DATA, "0700");

  private GptTypes() {}

  /** The sgdisk type code of a known type GUID ("EF02"), if it is one of the above. */
  public static Optional<String> sgdiskCode(UUID type) {
    return Optional.ofNullable(CODES.get(type));
  }
}
