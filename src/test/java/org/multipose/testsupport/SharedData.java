package org.multipose.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the real public data in {@code ../shared/data} (next to the project checkout) for tests that use it.
 * Such tests call {@link #require()} and are skipped (a JUnit assumption), not failed, on a machine without it.
 * Override the location with the system property or environment variable {@code MULTIPOSE_SHARED_DATA}.
 */
public final class SharedData {

    private SharedData() {}

    /** The shared data directory, or skips the calling test when it is absent. */
    public static Path require() {
        Path p = locate();
        assumeTrue(p != null, "../shared/data is absent: real-data test skipped");
        return p;
    }

    /** The shared data directory, or null when absent. */
    public static Path locate() {
        String override = System.getProperty("MULTIPOSE_SHARED_DATA", System.getenv("MULTIPOSE_SHARED_DATA"));
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override);
            return Files.isDirectory(p) ? p : null;
        }
        Path project = Path.of(System.getProperty("multipose.project.dir", ".")).toAbsolutePath().normalize();
        Path p = project.resolveSibling("shared").resolve("data");
        return Files.isDirectory(p) ? p : null;
    }
}
