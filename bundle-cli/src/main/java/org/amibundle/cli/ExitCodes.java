package org.amibundle.cli;

import org.amibundle.BucketElsewhereException;
import org.amibundle.ConfigurationException;
import org.amibundle.MappingNotFoundException;
import org.amibundle.NotFoundException;
import org.amibundle.RemoteRefusedException;
import org.amibundle.RemoteUnreachableException;
import org.amibundle.UsageException;

/**
 * The exit codes of ec2-ami-tools (docs/commands.md, "Exit codes"), and which failure maps to
 * which.
 */
public final class ExitCodes {

  public static final int OK = 0;

  /** Option parsing or validation error; a missing or broken setup (credentials, profile). */
  public static final int USAGE = 1;

  /** A named file does not exist, or (migrate-manifest) its backup already exists. */
  public static final int NOT_FOUND = 2;

  /** S3 or HTTP failure. */
  public static final int REMOTE = 3;

  /** migrate-manifest: a kernel or ramdisk ID has no mapping for the target region. */
  public static final int MAPPING_NOT_FOUND = 6;

  /** Prompt timed out. */
  public static final int PROMPT_TIMEOUT = 5;

  /** upload-bundle: the bucket exists in another location than --location asks. */
  public static final int BUCKET_ELSEWHERE = 10;

  /** Any other error, printed as {@code ERROR: <message>}. */
  public static final int ERROR = 254;

  /**
   * Interrupted (Ctrl-C, SIGINT): 128 + 2, as shells report a process a signal ended. The reference
   * exits 255 here; a script can tell a stop from an error only by the shell's code.
   */
  public static final int INTERRUPTED = 130;

  /** Terminated ({@code kill}, SIGTERM): 128 + 15. */
  public static final int TERMINATED = 143;

  private ExitCodes() {}

  /**
   * The exit code for a failure. Bad input, integrity and local I/O failures, like anything
   * unforeseen, are {@link #ERROR}.
   */
  public static int of(Throwable failure) {
    if (failure instanceof BucketElsewhereException) {
      return BUCKET_ELSEWHERE;
    }
    if (failure instanceof MappingNotFoundException) {
      return MAPPING_NOT_FOUND;
    }
    if (failure instanceof UsageException
        || failure instanceof ConfigurationException
        || failure instanceof IllegalArgumentException) {
      return USAGE;
    }
    if (failure instanceof NotFoundException) {
      return NOT_FOUND;
    }
    if (failure instanceof RemoteRefusedException
        || failure instanceof RemoteUnreachableException) {
      return REMOTE;
    }
    if (failure instanceof PromptTimeoutException) {
      return PROMPT_TIMEOUT;
    }
    return ERROR;
  }
}
