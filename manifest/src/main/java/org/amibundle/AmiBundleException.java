package org.amibundle;

import java.io.IOException;

/**
 * Root of every failure amibundle reports. Subclasses are chosen by what the user must do next, and
 * each maps to one exit code of the command line (see the CLI's exit-code mapper):
 *
 * <ul>
 *   <li>{@link UsageException}: an option or argument is wrong; fix the command line.
 *   <li>{@link ConfigurationException}: the setup around the run (credentials, profiles) is missing
 *       or wrong; fix the setup.
 *   <li>{@link NotFoundException}: a named input does not exist; fix the path.
 *   <li>{@link BadInputException}: an input exists but cannot be used (malformed manifest, key that
 *       does not match, unsupported archive entry); supply the right input. Two kinds have exit
 *       codes of their own: {@link BucketElsewhereException} and {@link MappingNotFoundException}.
 *   <li>{@link IntegrityException}: content failed a check (digest, signature, size); the data is
 *       damaged or tampered with; fetch it again.
 *   <li>{@link LocalIoException}: a local file or device could not be read or written (disk full,
 *       permissions); fix the local system.
 *   <li>{@link RemoteRefusedException}: a remote service answered with a refusal.
 *   <li>{@link RemoteUnreachableException}: a remote service gave no usable answer.
 * </ul>
 *
 * <p>Messages name the file, part or entry, the expected and actual values, and the next step. A
 * setting to change is named by its {@link Setting} phrase, never by a command-line flag. They
 * never contain key material.
 */
public abstract sealed class AmiBundleException extends IOException
    permits UsageException,
        ConfigurationException,
        NotFoundException,
        BadInputException,
        IntegrityException,
        LocalIoException,
        RemoteRefusedException,
        RemoteUnreachableException {

  protected AmiBundleException(String message) {
    super(message);
  }

  protected AmiBundleException(String message, Throwable cause) {
    super(message, cause);
  }
}
