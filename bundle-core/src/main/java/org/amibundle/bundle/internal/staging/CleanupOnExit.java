package org.amibundle.bundle.internal.staging;

import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Clean-up that must run if the process is stopped (Ctrl-C, {@code kill}) before its owner is done:
 * a shutdown hook, withdrawn by {@link #cancel} once the owner has finished or cleaned up itself.
 * The hook may run while the owner's threads still work, so it must only undo (delete what is not
 * trusted yet), never complete anything; {@link WorkEntry} keeps those threads from creating
 * anything once it has begun.
 */
public final class CleanupOnExit {

  private static final long CHILD_GRACE_SECONDS = 2;

  private final Thread hook;

  private CleanupOnExit(Thread hook) {
    this.hook = hook;
  }

  /**
   * Runs {@code cleanup} on a thread named {@code name} if the process stops before cancel. Fails
   * when the process is stopping already: the caller must not start what it would clean up.
   */
  public static CleanupOnExit register(String name, Runnable cleanup)
      throws InterruptedIOException {
    Thread hook = new Thread(cleanup, name);
    try {
      Runtime.getRuntime().addShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      throw new InterruptedIOException("the process is stopping");
    }
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

  /**
   * Ends the programs this process started (mke2fs, tar, resize2fs, a bundle-vol script): a {@code
   * kill} reaches only this process, and a child still running could write into a work file after
   * its removal. SIGTERM first, SIGKILL to those still running after a short grace.
   */
  static void stopChildren() {
    List<ProcessHandle> children = ProcessHandle.current().descendants().toList();
    children.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CHILD_GRACE_SECONDS);
    for (ProcessHandle child : children) {
      try {
        child.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        child.destroyForcibly();
      } catch (InterruptedException e) {
        child.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
