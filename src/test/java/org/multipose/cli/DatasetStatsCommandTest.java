package org.multipose.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.multipose.cli.CliRun.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.data.DatasetFixture;

class DatasetStatsCommandTest {

    @TempDir
    Path tmp;

    @Test
    void printsCountsHistogramLabelsAndRejects() {
        Path dir = tmp.resolve("ds");
        String fp = new DatasetFixture().write(dir, 5).fingerprint();
        CliRun r = run("dataset", "stats", "--verify", dir.toString());
        assertEquals(0, r.exit(), r.err());
        String o = r.out();
        assertTrue(o.contains("targets: 2 (compounds: a 3, b 3)"), o);
        assertTrue(o.contains("compounds: 6 (labelled 4, unlabelled 2, censored 2, with sigma 2)"), o);
        assertTrue(o.contains("poses: 22"), o);
        // one compound each with 1, 2, 3, 4, 5 and 7 poses: six bars of full length
        assertTrue(o.contains("     7 | " + "#".repeat(40) + " 1"), o);
        assertTrue(o.contains("label range (exact pK): 6.500 .. 8.000, mean 7.250, sd 1.061"), o);
        assertTrue(o.contains("labels by measure: IC50 1, Kd 1, Ki 1, dG 1"), o);
        assertTrue(o.contains("rejects: 3 (no atoms 2, unknown unit 1; see rejects.csv)"), o);
        assertTrue(o.contains("fingerprint: " + fp), o);
        assertTrue(o.contains("fingerprint verified"), o);
    }

    @Test
    void aDirectoryThatIsNotADatasetIsOneClearLine() throws IOException {
        Files.createDirectories(tmp.resolve("plain"));
        CliRun r = run("dataset", "stats", tmp.resolve("plain").toString());
        assertEquals(Main.EXIT_INPUT, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("not a multipose dataset (no compounds.arrow); create one with ./pipeline prepare"),
                r.err());
        CliRun missing = run("dataset", "stats", tmp.resolve("nope").toString());
        assertEquals(Main.EXIT_INPUT, missing.exit());
    }

    @Test
    void damagedFilesAndAWrongFingerprintAreInputErrors() throws IOException {
        Path dir = tmp.resolve("ds");
        new DatasetFixture().write(dir, 5);
        Path summary = dir.resolve("summary.json");
        String text = Files.readString(summary);
        Files.writeString(summary, text.replaceFirst("sha256:[0-9a-f]{8}", "sha256:00000000"));
        CliRun r = run("dataset", "stats", "--verify", dir.toString());
        assertEquals(Main.EXIT_INPUT, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("the files changed after prepare"), r.err());

        Files.write(dir.resolve("receptors.arrow"), new byte[] {0}, StandardOpenOption.APPEND);
        CliRun damaged = run("dataset", "stats", dir.toString());
        assertEquals(Main.EXIT_INPUT, damaged.exit(), damaged.out() + damaged.err());
        assertTrue(damaged.err().contains("receptors.arrow: not a complete Arrow IPC file"), damaged.err());
    }
}
