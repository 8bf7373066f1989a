package org.multipose.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.multipose.cli.CliRun.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.cli.CliRun;
import org.multipose.data.PoseFiles;

/** The benchmark runs end to end on a slice of the demo (it reports; it asserts nothing about speed). */
class PrepareBenchTest {

    static final Path DEMO = Path.of(System.getProperty("multipose.project.dir", ".")).resolve("datasets/demo");

    @Test
    void reportsPrepareAgainstTheCdkFloor(@TempDir Path tmp) throws IOException {
        List<String> lines = Files.readAllLines(DEMO.resolve("poses.sdf"), StandardCharsets.UTF_8);
        Path poses = tmp.resolve("two.sdf");
        Files.writeString(poses, String.join("\n", lines.subList(0, 232)) + "\n", StandardCharsets.UTF_8);
        // the floor counts what CDK's IteratingSDFReader reads: the 8 records
        assertEquals(8, PrepareBench.bareParse(PoseFiles.expand(poses.toString())));

        CliRun r = run("bench", "prepare", "--poses", poses.toString(), "--receptor",
                "demo=" + DEMO.resolve("receptor.pdb"), "--affinities", DEMO.resolve("affinities.csv").toString(),
                "--workers", "2", "--warmup", "0", "--runs", "1");
        assertEquals(0, r.exit(), r.err());
        String o = r.out();
        assertTrue(o.contains("1 pose files, 0.0 MB, 8 SD records -> 8 poses of 2 compounds; typer gnina"), o);
        assertTrue(o.contains("prepare, 2 workers"), o);
        assertTrue(o.contains("prepare, 1 worker"), o);
        assertTrue(o.contains("our SD reader alone, 1 thread"), o);
        assertTrue(o.contains("prepare throughput: "), o);
        assertTrue(o.contains("goal <= 1.5x"), o);
    }
}
