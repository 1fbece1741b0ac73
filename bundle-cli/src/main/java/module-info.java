/**
 * The amibundle command: one picocli command class per ec2-ami-tools command. The distribution runs
 * it from the class path (see src/dist/bin/amibundle); this descriptor states what it uses.
 */
// picocli, jackson-core and the AWS SDK: see bundle-core's module-info.java.
@SuppressWarnings("requires-automatic")
module org.amibundle.cli {
  requires com.fasterxml.jackson.core;
  requires info.picocli;
  requires jdk.unsupported;
  requires org.amibundle.bundle;
  requires software.amazon.awssdk.profiles;
  requires software.amazon.awssdk.services.s3;
  requires software.amazon.awssdk.utils;

  // picocli reads and sets the annotated fields of the commands and option groups.
  opens org.amibundle.cli to
      info.picocli;
  opens org.amibundle.cli.options to
      info.picocli;
}
