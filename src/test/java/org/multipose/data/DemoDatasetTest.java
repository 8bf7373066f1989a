package org.multipose.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDatasetTest {

    @Test
    void bundledDemoRegeneratesByteForByte(@TempDir Path tmp) throws IOException {
        Path bundled = Path.of(System.getProperty("multipose.project.dir", ".")).resolve("datasets/demo");
        DemoDataset.Summary s = DemoDataset.generate(tmp, DemoDataset.Options.bundled());
        assertEquals(240, s.compounds());
        assertEquals(960, s.poses());
        for (String f : new String[] {"receptor.pdb", "poses.sdf", "affinities.csv", "planted.csv"}) {
            assertArrayEquals(Files.readAllBytes(bundled.resolve(f)), Files.readAllBytes(tmp.resolve(f)),
                    f + " differs from the bundled copy: regenerate with ./pipeline demo-data --out datasets/demo");
        }
    }

    @Test
    void plantedScoreOfOneHydrogenBond() {
        DemoDataset.Receptor acceptor = new DemoDataset.Receptor(new String[] {"O"}, new String[] {"ASP"},
                new int[] {1}, new String[] {"O"}, new double[][] {{0, 0, 0}}, new int[] {DemoDataset.ACCEPTOR});
        int[] donor = {DemoDataset.DONOR};
        // At the ideal 2.9 Å: one full hydrogen bond, no desolvation cost.
        assertEquals(-1.0, DemoDataset.plantedScore(new double[] {2.9, 0, 0}, donor, acceptor), 1e-12);
        // At 3.4 Å: h = exp(-1) = 0.36787944; S = -h + (1 - h) = 0.26424112 (by hand).
        assertEquals(0.26424112, DemoDataset.plantedScore(new double[] {0, 3.4, 0}, donor, acceptor), 1e-8);
        // At 2.0 Å: clash 2*(0.8)^2 = 1.28, h = exp(-(0.9/0.5)^2) = exp(-3.24) = 0.03916390,
        // S = 1.28 - h + (1 - h) = 2.20167220.
        assertEquals(2.20167220, DemoDataset.plantedScore(new double[] {0, 0, 2.0}, donor, acceptor), 1e-8);
        // Apolar ligand atom next to an acceptor: no terms but the clash (none at 5 Å).
        assertEquals(0.0, DemoDataset.plantedScore(new double[] {5, 0, 0}, new int[] {DemoDataset.APOLAR},
                acceptor), 0.0);
    }
}
