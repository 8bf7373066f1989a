package org.multipose.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.multipose.cli.CliRun.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.grid.DxGrid;
import org.multipose.grid.DxReader;

class GridCommandTest {

    private static final Path METHANE = Path.of("src/test/resources/org/multipose/cli/methane.sdf");
    private static final Path DEMO = Path.of(System.getProperty("multipose.project.dir", ".")).resolve("datasets/demo");

    @Test
    void isolatedCarbonMatchesTheIndependentProfile(@TempDir Path out) throws Exception {
        CliRun cmd = run("grid", "--ligand", METHANE.toString(), "--out", out.toString());
        assertEquals(0, cmd.exit(), cmd.err());
        List<String> rows = Files.readAllLines(out.resolve("summary.tsv"));
        assertEquals(15, rows.size(), "header + 14 ligand channels for a ligand-only grid");
        String[] row = rows.stream().filter(r -> r.startsWith("lig_AliphaticCarbonXSHydrophobe\t")).findFirst()
                .orElseThrow().split("\t");
        assertEquals("1", row[1]);
        // Literals from src/test/python/grid_command_reference.py (numpy, double precision): the centroid is the
        // atom, the 8 nearest points sit at (±0.25)³ Å.
        assertEquals(99.625062296, Double.parseDouble(row[2]), 1e-4);
        assertEquals(0.901335149, Double.parseDouble(row[3]), 1e-6);
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of("lig_AliphaticCarbonXSHydrophobe.dx", "summary.tsv"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        DxGrid dx = DxReader.read(out.resolve("lig_AliphaticCarbonXSHydrophobe.dx"));
        assertEquals(48 * 48 * 48, dx.values().length);
        // origin = atom − L/2 per axis
        assertEquals(1.0 - 11.75, dx.origin()[0], 1e-9);
        assertEquals(3.0 - 11.75, dx.origin()[2], 1e-9);
    }

    @Test
    void receptorChannelsComeFirstAndTheCenterOptionMovesTheGrid(@TempDir Path out) throws Exception {
        CliRun cmd = run("grid", "--receptor", DEMO.resolve("receptor.pdb").toString(), "--ligand",
                DEMO.resolve("poses.sdf").toString(), "--pose", "3", "--center", "12,8,-4", "--dimension", "11.5",
                "--out", out.toString());
        assertEquals(0, cmd.exit(), cmd.err());
        List<String> rows = Files.readAllLines(out.resolve("summary.tsv"));
        assertEquals(29, rows.size(), "header + 14 receptor + 14 ligand channels");
        assertTrue(rows.get(1).startsWith("rec_"), rows.get(1));
        assertTrue(rows.get(15).startsWith("lig_"), rows.get(15));
        DxGrid dx = DxReader.read(Files.list(out).filter(p -> p.toString().endsWith(".dx")).findFirst().orElseThrow());
        assertEquals(24 * 24 * 24, dx.values().length);
        assertEquals(12 - 5.75, dx.origin()[0], 1e-9);
    }

    @Test
    void aBlankTitleIsGriddedAndIdFromChoosesTheId(@TempDir Path tmp) throws Exception {
        // docking output (gnina, vina) leaves the title line blank: the pose is still a pose
        Path lig = Files.createDirectories(tmp.resolve("ligand_7")).resolve("docked_A.sdf");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(METHANE));
        lines.set(0, "");
        Files.write(lig, lines);
        CliRun titled = run("grid", "--ligand", METHANE.toString(), "--out", tmp.resolve("titled").toString());
        assertEquals(0, titled.exit(), titled.err());
        CliRun blank = run("grid", "--ligand", lig.toString(), "--out", tmp.resolve("blank").toString());
        assertEquals(0, blank.exit(), blank.err());
        assertEquals(Files.readAllLines(tmp.resolve("titled/summary.tsv")),
                Files.readAllLines(tmp.resolve("blank/summary.tsv")), "the same atom, the same grid");
        CliRun folder = run("grid", "--ligand", lig.toString(), "--id-from", "folder", "--out",
                tmp.resolve("folder").toString());
        assertEquals(0, folder.exit(), folder.err());
        CliRun tag = run("grid", "--ligand", lig.toString(), "--id-from", "tag:compound", "--out",
                tmp.resolve("tag").toString());
        assertEquals(2, tag.exit());
        assertEquals(1, tag.err().strip().lines().count(), tag.err());
        assertTrue(tag.err().contains("record 1 (line 1) cannot be used: no compound id: SD tag <compound> is missing"),
                tag.err());
        CliRun bad = run("grid", "--ligand", lig.toString(), "--id-from", "name");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--id-from: compound id rule 'name' is not one of"), bad.err());
    }

    @Test
    void badInputIsOneLineAndExitTwo(@TempDir Path out) {
        CliRun r = run("grid", "--ligand", METHANE.toString(), "--pose", "3", "--out", out.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--pose 3 is out of range; the file has 1 record(s)"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());

        CliRun r2 = run("grid", "--ligand", out.resolve("missing.sdf").toString());
        assertEquals(2, r2.exit());
        assertTrue(r2.err().contains("missing.sdf"), r2.err());

        CliRun r3 = run("grid", "--ligand", METHANE.toString(), "--typer", "xs");
        assertEquals(2, r3.exit());
        assertTrue(r3.err().contains("--typer xs: use gnina (28 XS channels) or element"), r3.err());
    }
}
