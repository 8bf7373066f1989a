package org.multipose.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.testsupport.SharedData;

/**
 * {@code pipeline score}: gnina's tags on gnina's reference complexes (values from gnina's own output,
 * ../shared/data/gnina-models/reference/gnina_scores.csv), per-compound combinations, bad records rejected by name
 * while the rest is scored, and one-line errors with exit code 2 for bad options.
 */
class ScoreCommandTest {

    @TempDir
    Path dir;

    @Test
    void badModelsAndOptionsAreOneLineErrors() throws IOException {
        Path rec = Files.writeString(dir.resolve("r.pdb"),
                "HETATM    1  C1  UNL     1       0.000   0.000   0.000  1.00  0.00           C\n");
        Path lig = Files.writeString(dir.resolve("l.sdf"), "x\n\n\n  0  0  0  0  0  0  0  0  0  0999 V2000\nM  END\n$$$$\n");
        Path empty = Files.createDirectory(dir.resolve("weights"));
        CliRun unknown = CliRun.run("score", "--receptor", rec.toString(), "--ligand", lig.toString(), "--model",
                "gnina:dense_9", "--weights-dir", empty.toString());
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().startsWith("pipeline score: error: unknown gnina model 'dense_9'; known: default,"),
                unknown.err());
        assertEquals(1, unknown.err().strip().split("\n").length, unknown.err());

        CliRun noPrefix = CliRun.run("score", "--receptor", rec.toString(), "--ligand", lig.toString(), "--model",
                "dense");
        assertEquals(2, noPrefix.exit());
        assertTrue(noPrefix.err().contains("--model dense: give gnina:NAME"), noPrefix.err());

        CliRun missing = CliRun.run("score", "--receptor", rec.toString(), "--ligand", lig.toString(), "--model",
                "gnina:dense", "--weights-dir", empty.toString());
        assertEquals(2, missing.exit());
        assertEquals("pipeline score: error: gnina:dense needs dense.pt, not in " + empty + " (it holds no .pt"
                + " file); copy the file(s) there or point --weights-dir at the folder that has them",
                missing.err().strip());

        CliRun mol2 = CliRun.run("score", "--receptor", rec.toString(), "--ligand", lig.toString(), "--out",
                dir.resolve("o.mol2").toString());
        assertEquals(2, mol2.exit());
        assertTrue(mol2.err().contains("score writes SD files; name it .sdf or .sdf.gz"), mol2.err());

        CliRun combine = CliRun.run("score", "--receptor", rec.toString(), "--ligand", lig.toString(), "--combine",
                "median");
        assertEquals(2, combine.exit());
        assertTrue(combine.err().contains("--combine median: use mean, max or boltzmann"), combine.err());

        CliRun blank = CliRun.run("score", "--receptor", rec.toString(), "--ligand", lig.toString(), "--target",
                " ");
        assertEquals(2, blank.exit());
        assertTrue(blank.err().contains("--target is blank; give a target name or leave the option out"),
                blank.err());

        CliRun nothing = CliRun.run("score", "--receptor", rec.toString(), "--ligand",
                dir.resolve("none/*.sdf").toString());
        assertEquals(2, nothing.exit());
        assertFalse(nothing.err().contains("Exception"), nothing.err());
    }

    /** The SD data items of each record, in order. */
    static List<Map<String, String>> items(String sdf) {
        List<Map<String, String>> out = new ArrayList<>();
        for (String rec : sdf.split("\\$\\$\\$\\$\n")) {
            if (rec.isBlank()) {
                continue;
            }
            Map<String, String> m = new LinkedHashMap<>();
            String[] lines = rec.split("\n");
            for (int i = 0; i < lines.length - 1; i++) {
                if (lines[i].startsWith("> <")) {
                    m.put(lines[i].substring(3, lines[i].indexOf('>', 3)), lines[i + 1]);
                }
            }
            out.add(m);
        }
        return out;
    }

    @Test
    void gninasTagsOnItsReferenceComplexesAndBadRecordsRejectedByName() throws IOException {
        Path ref = SharedData.require().resolve("gnina-models");
        String l1 = Files.readString(ref.resolve("reference/l1.sdf"));
        String l2 = Files.readString(ref.resolve("reference/l2.sdf"));
        // record 1: l2 titled "cpd" with a tag of its own; record 2: a broken counts line; record 3: l1 titled "cpd"
        String poses = "cpd" + l2.substring(l2.indexOf('\n')).replace("M  END\n$$$$", "M  END\n> <vina>\n-3.2\n\n$$$$")
                + "broken\n\n\n  x  y\nM  END\n$$$$\n"
                + "cpd" + l1.substring(l1.indexOf('\n'));
        Path lig = Files.writeString(dir.resolve("poses.sdf"), poses);
        Path out = dir.resolve("scored.sdf");
        Path csv = dir.resolve("scores.csv");
        Path rejects = dir.resolve("rejects.csv");
        CliRun run = CliRun.run("score", "--receptor", ref.resolve("reference/r1.pdb").toString(), "--ligand",
                lig.toString(), "--model", "gnina:crossdock_default2018", "--weights-dir",
                ref.resolve("weights").toString(), "--out", out.toString(), "--csv", csv.toString(), "--combine",
                "max", "--rejects", rejects.toString(), "--threads", "1");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains("score: skipped " + lig + " record 2 (line "), run.err());
        assertTrue(run.out().contains("score: 2 pose(s) from 1 file(s) with gnina:crossdock_default2018 (1 member,"
                + " default2018)"), run.out());
        List<Map<String, String>> tags = items(Files.readString(out));
        assertEquals(2, tags.size());
        // gnina's printed values for crossdock_default2018 on r1+l2 and r1+l1 (5 decimals)
        assertEquals(List.of("vina", "CNNscore", "CNNaffinity", "CNN_VS"), List.copyOf(tags.get(0).keySet()));
        assertEquals("-3.2", tags.get(0).get("vina"));
        assertEquals(0.19287, Double.parseDouble(tags.get(0).get("CNNscore")), 1e-4);
        assertEquals(1.06574, Double.parseDouble(tags.get(0).get("CNNaffinity")), 1e-4);
        assertEquals(0.19287 * 1.06574, Double.parseDouble(tags.get(0).get("CNN_VS")), 1e-4);
        assertEquals(0.64764, Double.parseDouble(tags.get(1).get("CNNscore")), 1e-4);
        assertEquals(1.28360, Double.parseDouble(tags.get(1).get("CNNaffinity")), 1e-4);
        assertFalse(tags.get(1).containsKey("CNNaffinity_variance"));

        List<String> rows = Files.readAllLines(csv);
        assertEquals("level,target,file,record,compound,title,poses,CNNscore,CNNaffinity,CNNvariance,y_kt,"
                + "combination,top_file,top_record,top_weight", rows.get(0));
        assertEquals(4, rows.size());
        String[] compound = rows.get(3).split(",", -1);
        assertEquals("compound", compound[0]);
        assertEquals("cpd", compound[4]);
        assertEquals("2", compound[6]);
        // smooth minimum of y with scale 1000/kT: the pose of larger pK (r1+l1, 1.28360) alone, weight 1
        assertEquals(1.28360, Double.parseDouble(compound[8]), 1e-4);
        assertEquals("max", compound[11]);
        assertEquals("3", compound[13]);
        assertEquals(1.0, Double.parseDouble(compound[14]), 1e-9);
        List<String> rejected = Files.readAllLines(rejects);
        assertEquals(2, rejected.size());
        assertTrue(rejected.get(1).startsWith(lig + ",record 2 (line "), rejected.get(1));
    }

    @Test
    void ensemblesWriteTheVarianceAndMeanCombinesPoses() throws IOException {
        Path ref = SharedData.require().resolve("gnina-models");
        String l1 = Files.readString(ref.resolve("reference/l1.sdf"));
        Path lig = Files.writeString(dir.resolve("one.sdf"), "m" + l1.substring(l1.indexOf('\n')));
        Path out = dir.resolve("scored.sdf.gz");
        Path csv = dir.resolve("s.csv");
        CliRun run = CliRun.run("score", "--receptor", ref.resolve("reference/r1.pdb").toString(), "--ligand",
                lig.toString(), "--model", "gnina:crossdock_default2018_ensemble", "--weights-dir",
                ref.resolve("weights").toString(), "--out", out.toString(), "--csv", csv.toString(), "--combine",
                "mean", "--threads", "1", "--batch", "1");
        assertEquals(0, run.exit(), run.err());
        String text;
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(out))) {
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        Map<String, String> t = items(text).get(0);
        // gnina's crossdock_default2018_ensemble on r1+l1
        assertEquals(0.60276, Double.parseDouble(t.get("CNNscore")), 1e-4);
        assertEquals(1.15954, Double.parseDouble(t.get("CNNaffinity")), 1e-4);
        assertEquals(0.09806, Double.parseDouble(t.get("CNNaffinity_variance")), 1e-4);
        String[] compound = Files.readAllLines(csv).get(2).split(",", -1);
        assertEquals("mean", compound[11]);
        assertEquals(1.15954, Double.parseDouble(compound[8]), 1e-4); // one pose: its own pK
    }
}
