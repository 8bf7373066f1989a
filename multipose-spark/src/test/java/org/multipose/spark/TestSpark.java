package org.multipose.spark;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The one local[2] SparkSession of the module's tests (starting one costs seconds), and the project's data: the
 * bundled demo and, when present, the shared plb-vina set. A test that needs Spark calls {@link #session()}: when
 * Spark cannot start here it is skipped with the reason printed, never failed.
 */
final class TestSpark {

    static final Path PROJECT = Path.of(System.getProperty("multipose.project.dir", ".")).toAbsolutePath()
            .normalize();
    static final Path DEMO = PROJECT.resolve("datasets/demo");

    private static SparkSession session;
    private static String failure;

    private TestSpark() {}

    static synchronized SparkSession session() {
        if (session == null && failure == null) {
            try {
                session = SparkSessions.getOrCreate("local[2]", "multipose-tests");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> session.stop()));
            } catch (Throwable e) {
                failure = e.toString();
                System.err.println("Spark cannot start here, the Spark tests are skipped: " + failure);
            }
        }
        assumeTrue(session != null, "Spark cannot start here: " + failure);
        return session;
    }

    /** ../shared/data/plb-vina (or MULTIPOSE_SHARED_DATA/plb-vina), or skips the test. */
    static Path plbVina() {
        String override = System.getProperty("MULTIPOSE_SHARED_DATA", System.getenv("MULTIPOSE_SHARED_DATA"));
        Path data = override != null && !override.isBlank() ? Path.of(override)
                : PROJECT.resolveSibling("shared").resolve("data");
        Path p = data.resolve("plb-vina");
        assumeTrue(Files.isDirectory(p), p + " is absent: plb-vina test skipped");
        return p;
    }
}
