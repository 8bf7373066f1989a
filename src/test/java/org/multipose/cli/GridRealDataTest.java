package org.multipose.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.testsupport.SharedData;
import picocli.CommandLine;

/**
 * A real docked pose read, typed and gridded end to end; the per-channel sums were computed independently by
 * src/test/python/real_pose_channel_sums.py (typing by hand from the record's bond table, densities in numpy).
 */
class GridRealDataTest {

    @Test
    void tyk2PoseChannelSumsMatchTheIndependentComputation(@TempDir Path out) throws Exception {
        Path pose = SharedData.require().resolve("plb-vina/tyk2/poses/lig_ejm_31.sdf");
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertEquals(0, cl.execute("grid", "--ligand", pose.toString(), "--out", out.toString()), err.toString());
        Map<String, double[]> rows = new HashMap<>();
        List<String> lines = Files.readAllLines(out.resolve("summary.tsv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t");
            rows.put(f[0], new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2])});
        }
        Object[][] expected = {
            {"lig_AliphaticCarbonXSHydrophobe", 1, 99.609475},
            {"lig_AliphaticCarbonXSNonHydrophobe", 2, 199.222950},
            {"lig_AromaticCarbonXSHydrophobe", 6, 597.668215},
            {"lig_AromaticCarbonXSNonHydrophobe", 5, 498.060427},
            {"lig_Chlorine", 2, 169.378866},
            {"lig_Nitrogen_NitrogenXSAcceptor", 1, 84.704191},
            {"lig_NitrogenXSDonor_NitrogenXSDonorAcceptor", 2, 169.404430},
            {"lig_Oxygen_OxygenXSAcceptor", 2, 142.704716},
        };
        double atoms = 0;
        for (Object[] e : expected) {
            double[] row = rows.get((String) e[0]);
            assertEquals((int) e[1], (int) row[0], (String) e[0]);
            // summary.tsv prints 6 significant digits: 1e-5 relative covers its rounding, not a typing error
            // (one atom moved to another channel shifts a sum by ~85-100).
            assertEquals((double) e[2], row[1], 1e-5 * (double) e[2], (String) e[0]);
            atoms += (int) e[1];
        }
        assertEquals(21, atoms, "21 heavy atoms, all typed");
        assertEquals(0.0, rows.get("lig_Fluorine")[1], 0.0);
    }
}
