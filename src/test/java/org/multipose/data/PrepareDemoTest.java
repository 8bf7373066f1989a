package org.multipose.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.config.PrepareConfig;
import org.multipose.typing.AtomTyper;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;

/**
 * Prepares the bundled demo (datasets/demo) and reads it back. Counts checked with shell tools:
 * {@code grep -c '^\$\$\$\$' poses.sdf} = 960 records; the distinct title lines = 240; affinities.csv has 240 rows,
 * {@code awk -F, '$5==">"'} = 7 censored (all IC50 in uM); receptor.pdb has 89 ATOM lines, no hydrogens (57 C,
 * 15 N, 17 O); every compound has 4 records with pose_rank 1..4.
 */
class PrepareDemoTest {

    @TempDir
    static Path tmp;

    static final Path DEMO = Path.of(System.getProperty("multipose.project.dir", ".")).resolve("datasets/demo");
    static PrepareResult two;
    static Path dir;

    static PrepareConfig demo() {
        return new PrepareConfig(DEMO.resolve("poses.sdf"), Map.of("demo", DEMO.resolve("receptor.pdb")),
                DEMO.resolve("affinities.csv"), org.multipose.config.IdSource.TITLE, Optional.empty(),
                org.multipose.config.ColumnsConfig.defaults(), Double.POSITIVE_INFINITY, "pose_rank");
    }

    @BeforeAll
    static void prepareWithTwoWorkers() {
        dir = tmp.resolve("w2");
        two = new Preparer(AtomTyper.gninaDefault(), 2, PrepareProgress.NONE).run(demo(), dir);
    }

    @Test
    void countsMatchTheFiles() {
        DatasetStats s = two.summary().stats();
        assertEquals(240, s.compounds());
        assertEquals(960, s.poses());
        assertEquals(240, s.labelled());
        assertEquals(0, s.unlabelled());
        assertEquals(7, s.censored());
        assertEquals(Map.of(4, 240), s.posesPerCompound());
        assertEquals(Map.of("demo", 89), two.receptorAtoms());
        assertEquals(0, two.summary().rejects());
        assertEquals(0, two.labelsWithoutPoses());
        Map<String, Long> in = two.summary().inputCounts();
        assertEquals(1L, in.get("pose_files"));
        assertEquals(960L, in.get("pose_records"));
        assertEquals(240L, in.get("affinity_rows"));
        assertEquals(240L, in.get("labels"));
        try (Dataset ds = Dataset.open(dir)) {
            assertEquals(89, ds.receptor("demo").orElseThrow().atomCount());
            assertEquals(two.summary().fingerprint(), ds.recordedFingerprint().orElseThrow());
        }
    }

    @Test
    void oneWorkerAndThreeWorkersWriteTheSameBytes() {
        PrepareResult one = new Preparer(AtomTyper.gninaDefault(), 1, PrepareProgress.NONE).run(demo(),
                tmp.resolve("w1"));
        PrepareResult three = new Preparer(AtomTyper.gninaDefault(), 3, PrepareProgress.NONE).run(demo(),
                tmp.resolve("w3"));
        assertEquals(two.summary().fingerprint(), one.summary().fingerprint());
        assertEquals(two.summary().fingerprint(), three.summary().fingerprint());
        assertEquals(DatasetFingerprint.of(dir), DatasetFingerprint.of(tmp.resolve("w1")));
    }

    @Test
    void pathSpellingDoesNotChangeTheDataset() {
        // The same files named relative to the working directory (Maven runs tests in the project folder), with
        // a detour, instead of the absolute paths above.
        Path rel = Path.of("datasets/../datasets/demo");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isRegularFile(rel.resolve("poses.sdf")));
        PrepareConfig spelled = new PrepareConfig(rel.resolve("poses.sdf"), Map.of("demo",
                rel.resolve("receptor.pdb")), rel.resolve("affinities.csv"), org.multipose.config.IdSource.TITLE,
                Optional.empty(), org.multipose.config.ColumnsConfig.defaults(), Double.POSITIVE_INFINITY,
                "pose_rank");
        PrepareResult r = new Preparer(AtomTyper.gninaDefault(), 1, PrepareProgress.NONE).run(spelled,
                tmp.resolve("relative"));
        assertEquals(two.summary().fingerprint(), r.summary().fingerprint());
    }

    @Test
    void typingSpecIsInTheMetadata() {
        try (Dataset ds = Dataset.open(dir)) {
            DatasetMetadata m = ds.metadata();
            assertEquals("gnina", m.typer());
            assertEquals(28, m.channelNames().size());
            assertEquals(14, m.receptorChannels());
            assertEquals("rec_AliphaticCarbonXSHydrophobe", m.channelNames().get(0));
            assertEquals("lig_AliphaticCarbonXSHydrophobe", m.channelNames().get(14));
            assertEquals(1.875, m.channelRadii().get(4), 0.0); // rec halogens: (1.8 + 2.0 + 2.2 + 1.5) / 4
            assertEquals(Optional.empty(), m.typingSpec().orElseThrow().difference(AtomTyper.gninaDefault().spec()));
        }
    }

    /**
     * demo_004 (records 13–16 of poses.sdf, lines 349, 386, 423, 460) is 3-methoxybenzamide, typed by hand:
     * ring C1–C5 bonded only to C → AromaticCarbonXSHydrophobe (ligand channel 2, dataset 16); ring C6 bonded to the
     * ether O → AromaticCarbonXSNonHydrophobe (3 → 17); the amide C7 and the methyl C11 are bonded to O/N →
     * AliphaticCarbonXSNonHydrophobe (1 → 15); carbonyl O8 and ether O10 have no H → OxygenXSAcceptor (9 → 23);
     * the amide N9 has two implicit H, three neighbours and is sp2 → NitrogenXSDonor (8 → 22). Radii C 1.9, N 1.8,
     * O 1.7 Å. Tags: record 13 pose_rank 1 dock_score -2.545 rmsd_to_best 0.000; record 14: 3, 1.684, 3.399;
     * record 15: 4, 2.493, 2.509; record 16: 2, -0.069, 4.288.
     */
    @Test
    void oneCompoundReadsBackWithItsHandTypedAtoms() throws Exception {
        short[] types = {16, 16, 16, 16, 16, 17, 15, 23, 22, 23, 15};
        float[] radii = {1.9f, 1.9f, 1.9f, 1.9f, 1.9f, 1.9f, 1.9f, 1.7f, 1.8f, 1.7f, 1.9f};
        try (Dataset ds = Dataset.open(dir)) {
            CompoundKey key = new CompoundKey("demo", "demo_004");
            List<PoseRecord> poses = ds.poses(key);
            assertEquals(4, poses.size());
            int[] records = {13, 16, 14, 15};
            double[] dock = {-2.545, -0.069, 1.684, 2.493};
            double[] rmsd = {0.000, 4.288, 3.399, 2.509};
            for (int i = 0; i < 4; i++) {
                PoseRecord p = poses.get(i);
                assertEquals(i + 1, p.poseIndex());
                assertEquals(records[i], p.sourceRecord());
                // Stored relative to the folder holding the pose files, so path spelling does not change the dataset.
                assertEquals("poses.sdf", p.sourceFile());
                assertArrayEquals(types, p.types());
                assertArrayEquals(radii, p.radii());
                assertEquals(Map.of("dock_score", dock[i], "rmsd_to_best", rmsd[i]), p.scores());
            }
            assertArrayEquals(new float[] {12.0053f, 7.9145f, -6.4553f}, java.util.Arrays.copyOf(poses.get(0).coords(),
                    3));
            assertArrayEquals(new float[] {10.0467f, 8.4053f, -3.1341f}, java.util.Arrays.copyOf(poses.get(1).coords(),
                    3));
            // The last atom (the methyl C) of pose 1, file line 349 + 14.
            assertArrayEquals(new float[] {13.8071f, 6.1648f, -7.6829f},
                    java.util.Arrays.copyOfRange(poses.get(0).coords(), 30, 33));

            CompoundRecord c = ds.compound(key).orElseThrow();
            AffinityLabel l = c.label().orElseThrow();
            // IC50 0.0766 uM ± 0.0115: pK = -log10(7.66e-8), σ = 0.0115 / (0.0766 ln 10) (python, math module)
            assertEquals(7.115771230367396, l.pk(), 1e-12);
            assertEquals(0.06520086869304693, l.sigmaPk().getAsDouble(), 1e-12);
            assertEquals(Measure.IC50, l.measure());
            assertFalse(c.smiles().isEmpty());
            IAtomContainer m = new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles(c.smiles());
            // C8H9NO2: the SMILES read back by CDK's parser has the same atoms and hydrogens
            Map<String, Integer> formula = new java.util.TreeMap<>();
            for (org.openscience.cdk.interfaces.IAtom a : m.atoms()) {
                formula.merge(a.getSymbol(), 1, Integer::sum);
                formula.merge("H", a.getImplicitHydrogenCount(), Integer::sum);
            }
            assertEquals(Map.of("C", 8, "H", 9, "N", 1, "O", 2), formula);
        }
    }

    @Test
    void everyCompoundHasPosesOneToFourAndTheReceptorIsTypedOnce() {
        try (Dataset ds = Dataset.open(dir)) {
            int compounds = 0;
            for (CompoundPoses cp : ds) {
                compounds++;
                for (int i = 0; i < cp.poses().size(); i++) {
                    assertEquals(i + 1, cp.poses().get(i).poseIndex());
                    for (short t : cp.poses().get(i).types()) {
                        assertTrue(t >= 14 && t < 28, "ligand atoms have ligand channels");
                    }
                }
            }
            assertEquals(240, compounds);
            ReceptorRecord r = ds.receptor("demo").orElseThrow();
            for (short t : r.types()) {
                assertTrue(t >= 0 && t < 14, "receptor atoms have receptor channels");
            }
            assertEquals(List.of("demo"), List.copyOf(ds.receptorTargets()));
        }
    }
}
