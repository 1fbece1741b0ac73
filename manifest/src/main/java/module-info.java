/**
 * The bundle manifest: its records, reader and byte-exact writer, its signature and the keys that
 * open a bundle; and the {@link org.amibundle.AmiBundleException} hierarchy every amibundle module
 * throws.
 */
module org.amibundle.manifest {
  requires java.xml;
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.provider;

  exports org.amibundle;
  exports org.amibundle.manifest;
  exports org.amibundle.manifest.keys;
  exports org.amibundle.manifest.sign;
}
