/** Partition tables (GPT, else MBR): read, written and verified; ec2-bundle-vol's layouts. */
module org.amibundle.partition {
  requires transitive org.amibundle.manifest;

  exports org.amibundle.partition;
  exports org.amibundle.partition.gpt;
  exports org.amibundle.partition.mbr;
}
