/** JMH benchmarks of bundle-core's stages and pipelines (see README.md). */
// JMH names its module only in its manifest (an automatic module).
@SuppressWarnings("requires-automatic")
module org.amibundle.benchmarks {
  requires jmh.core;
  requires org.amibundle.bundle;
}
