/**
 * Bundles a disk image into an instance-store bundle and restores, converts, migrates and verifies
 * bundles: {@link org.amibundle.bundle.Bundler} and {@link org.amibundle.bundle.Unbundler} are the
 * entry points. The S3 package needs the AWS SDK's s3 and apache-client jars, which the rest does
 * without.
 */
// JNA and the AWS SDK name their modules only in their manifests (automatic modules); the
// benchmarks module, to which two packages are exported, is built after this one.
@SuppressWarnings({"requires-automatic", "module"})
module org.amibundle.bundle {
  requires transitive org.amibundle.manifest;
  requires transitive org.amibundle.partition;
  requires com.sun.jna;
  requires java.net.http;
  requires jdk.unsupported;
  requires org.apache.commons.compress;
  requires static software.amazon.awssdk.auth;
  requires static software.amazon.awssdk.awscore;
  requires static software.amazon.awssdk.core;
  requires static software.amazon.awssdk.endpoints;
  requires static software.amazon.awssdk.http;
  requires static software.amazon.awssdk.http.apache;
  requires static software.amazon.awssdk.profiles;
  requires static software.amazon.awssdk.regions;
  requires static software.amazon.awssdk.retries;
  requires static software.amazon.awssdk.retries.api;
  // The s3 package's API names S3Client: a caller of it requires this module too.
  requires static software.amazon.awssdk.services.s3;

  exports org.amibundle.bundle;
  exports org.amibundle.bundle.convert;
  exports org.amibundle.bundle.migrate;
  exports org.amibundle.bundle.s3;
  exports org.amibundle.bundle.verify;
  exports org.amibundle.bundle.volume;

  // What the benchmarks measure below the API (see benchmarks/README.md).
  exports org.amibundle.bundle.stream to
      org.amibundle.benchmarks;
  exports org.amibundle.bundle.internal.crypto to
      org.amibundle.benchmarks;

  // JNA binds the native methods of these classes by reflection.
  opens org.amibundle.bundle.internal.nativelib to
      com.sun.jna;
}
