package org.amibundle.bundle.internal;

/**
 * Clean-up that must run if the process is stopped (Ctrl-C, {@code kill}) before its owner is
 * done: a shutdown hook, withdrawn by {@link #cancel} once the owner has finished or cleaned up
 * itself. The hook may run while the owner's threads still work, so it must only undo (delete
 * what is not trusted yet), never complete anything.
 */
public final class CleanupOnExit {

  private final Thread hook;

  private CleanupOnExit(Thread hook) {
    this.hook = hook;
  }

  /** Runs {@code cleanup} on a thread named {@code name} if the process stops before cancel. */
  public static CleanupOnExit register(String name, Runnable cleanup) {
    Thread hook = new Thread(cleanup, name);
    Runtime.getRuntime().addShutdownHook(hook);
    return new CleanupOnExit(hook);
  }

  /** Withdraws the hook. During shutdown it is running or has run, and does the same work. */
  public void cancel() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run
    }
  }
}
