package org.amibundle.bundle.migrate;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A migrated manifest.
 *
 * <p>Thread safety: immutable, so it may be shared between threads.
 *
 * @param manifest the rewritten, re-signed manifest file
 * @param backup the untouched original, {@code <manifest>.bak}
 * @param kernelId the new manifest's kernel id
 * @param ramdiskId the new manifest's ramdisk id
 */
public record MigrationResult(
    Path manifest, Path backup, Optional<String> kernelId, Optional<String> ramdiskId) {}
