package org.multipose.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.base.Reject;
import org.multipose.config.ColumnsConfig;
import org.multipose.config.IdSource;
import org.multipose.config.PrepareConfig;
import org.multipose.testsupport.SharedData;
import org.multipose.typing.AtomTyper;

/**
 * Prepares ../shared/data/plb-vina (OpenFF protein-ligand-benchmark redocked with AutoDock Vina; CC-BY-4.0). Counts
 * verified with shell tools: per target {@code ls poses/*.sdf | wc -l} and {@code grep -c '^\$\$\$\$'} give tyk2
 * 13 files / 117 records, p38 29 / 261, mcl1 25 / 225, ptp1b 22 / 198, cdk2 10 / 90 (99 / 891), every file named
 * like the compound and matched by one affinities.csv row ({@code comm} of the two lists is empty); heavy atoms
 * summed from the SDF counts lines: 23,940 (tyk2 2,709, p38 7,452, mcl1 5,625, ptp1b 5,832, cdk2 2,322; poses.csv's
 * n_heavy agrees); receptor heavy atoms ({@code awk} over ATOM/HETATM with element ≠ H and residue ≠ HOH): tyk2
 * 2,340, p38 2,822, mcl1 1,217, ptp1b 2,431, cdk2 4,481.
 */
class PrepareRealDataTest {

    @TempDir
    Path tmp;

    static final List<String> TARGETS = List.of("tyk2", "p38", "mcl1", "ptp1b", "cdk2");

    static ColumnsConfig plbColumns() {
        ColumnsConfig d = ColumnsConfig.defaults();
        return new ColumnsConfig("compound_id", "original_value", "measure", "original_unit", "qualifier", "error",
                d.ciLower(), d.ciUpper(), "target", d.date());
    }

    static PrepareConfig config(Path poses, Map<String, Path> receptors, Path table, String poseIndexTag) {
        return new PrepareConfig(poses, receptors, table, IdSource.TITLE, Optional.empty(), plbColumns(),
                Double.POSITIVE_INFINITY, poseIndexTag);
    }

    @Test
    void allFiveTargetsAtOnceThroughTheTargetPattern() throws IOException {
        Path plb = SharedData.require().resolve("plb-vina");
        Map<String, Path> receptors = new HashMap<>();
        for (String t : TARGETS) {
            receptors.put(t, plb.resolve(t).resolve("protein.pdb"));
        }
        PrepareConfig in = config(Path.of(plb + "/{target}/poses/*.sdf"), receptors, plb.resolve("affinities.csv"),
                "pose_rank");
        Path dir = tmp.resolve("plb");
        PrepareResult r = new Preparer(AtomTyper.gninaDefault(), 2, PrepareProgress.NONE).run(in, dir);

        DatasetStats s = r.summary().stats();
        assertEquals(99, s.compounds());
        assertEquals(891, s.poses());
        assertEquals(99, s.labelled());
        assertEquals(Map.of(9, 99), s.posesPerCompound());
        assertEquals(0, r.summary().rejects());
        assertEquals(Map.of("tyk2", new DatasetStats.TargetCounts(13, 117, 13),
                "p38", new DatasetStats.TargetCounts(29, 261, 29),
                "mcl1", new DatasetStats.TargetCounts(25, 225, 25),
                "ptp1b", new DatasetStats.TargetCounts(22, 198, 22),
                "cdk2", new DatasetStats.TargetCounts(10, 90, 10)), s.perTarget());
        assertEquals(Map.of("tyk2", 2340, "p38", 2822, "mcl1", 1217, "ptp1b", 2431, "cdk2", 4481),
                r.receptorAtoms());
        assertEquals(99L, r.summary().inputCounts().get("pose_files"));
        assertEquals(891L, r.summary().inputCounts().get("pose_records"));

        // Every pose against poses.csv (target, compound_id, pose_rank, vina_score, rmsd_sym, rmsd_plain, n_heavy).
        Map<String, String[]> expected = new HashMap<>();
        List<String> lines = Files.readAllLines(plb.resolve("poses.csv"), StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            expected.put(f[0] + "/" + f[1] + "#" + f[2], f);
        }
        assertEquals(891, expected.size());
        Map<String, Long> atoms = new HashMap<>();
        int poses = 0;
        try (Dataset ds = Dataset.open(dir)) {
            for (CompoundPoses cp : ds) {
                for (PoseRecord p : cp.poses()) {
                    String[] f = expected.get(p.key() + "#" + p.poseIndex());
                    assertTrue(f != null, "pose " + p.key() + " #" + p.poseIndex() + " is in poses.csv");
                    assertEquals(Double.parseDouble(f[3]), p.scores().get("vina_score"), 0.0, p.toString());
                    assertEquals(Double.parseDouble(f[4]), p.scores().get("rmsd_to_reference"), 0.0, p.toString());
                    assertEquals(Integer.parseInt(f[6]), p.atomCount(), p.toString());
                    assertEquals(2, p.scores().size(), "pose_rank is the index, not a score");
                    atoms.merge(p.key().target(), (long) p.atomCount(), Long::sum);
                    poses++;
                }
                assertFalse(cp.compound().smiles().isEmpty(), cp.key().toString());
            }
        }
        assertEquals(891, poses);
        assertEquals(Map.of("tyk2", 2709L, "p38", 7452L, "mcl1", 5625L, "ptp1b", 5832L, "cdk2", 2322L), atoms);
    }

    /** The mixed copy: tyk2 pose files with planted faults, an unlabelled compound, a target without receptor. */
    private record Mixed(Path root, PrepareConfig config) {}

    private Mixed mixed(String poseIndexTag) throws IOException {
        Path plb = SharedData.require().resolve("plb-vina");
        Path src = plb.resolve("tyk2/poses");
        Path root = tmp.resolve("mixed");
        Path poses = Files.createDirectories(root.resolve("tyk2/poses"));
        Files.copy(plb.resolve("tyk2/protein.pdb"), root.resolve("tyk2/protein.pdb"));
        Files.createDirectories(root.resolve("p38"));
        Files.copy(plb.resolve("p38/protein.pdb"), root.resolve("p38/protein.pdb"));
        Files.createDirectories(root.resolve("jak1/poses"));
        Files.copy(src.resolve("lig_ejm_50.sdf"), root.resolve("jak1/poses/lig_x.sdf"));
        // lig_ejm_31 (58 lines per record): record 2 claims pose_rank 1 (line 108), record 5 pose_rank 'x' (line 282)
        List<String> l31 = read(src.resolve("lig_ejm_31.sdf"));
        assertEquals(">  <pose_rank>  (2) ", l31.get(106));
        l31.set(107, "1");
        assertEquals(">  <pose_rank>  (5) ", l31.get(280));
        l31.set(281, "x");
        write(poses.resolve("lig_ejm_31.sdf"), l31);
        // lig_ejm_42 (60 lines per record): record 3 starts at line 121; its first atom line (125) cut to 20 columns
        List<String> l42 = read(src.resolve("lig_ejm_42.sdf"));
        assertEquals("lig_ejm_42", l42.get(120));
        l42.set(124, l42.get(124).substring(0, 20));
        write(poses.resolve("lig_ejm_42.sdf"), l42);
        // lig_ejm_43 (62 lines per record, 23 atoms): record 5 starts at line 249; its first bond line (276) names
        // atom 99
        List<String> l43 = read(src.resolve("lig_ejm_43.sdf"));
        assertEquals("  1  6  2  0", l43.get(275));
        l43.set(275, "  1 99  2  0");
        write(poses.resolve("lig_ejm_43.sdf"), l43);
        // lig_ejm_45 (65 lines per record): an extra $$$$ after record 2 (line 130) makes an empty record 3 at line 131
        List<String> l45 = read(src.resolve("lig_ejm_45.sdf"));
        assertEquals("$$$$", l45.get(129));
        l45.add(130, "$$$$");
        write(poses.resolve("lig_ejm_45.sdf"), l45);
        // lig_ejm_46: poses without a label
        Files.copy(src.resolve("lig_ejm_46.sdf"), poses.resolve("lig_ejm_46.sdf"));
        // rows as in plb-vina/affinities.csv, plus: lig_ejm_47 has no poses, lig_ejm_48's value is 'abc', p38 has no
        // poses here at all
        Path table = root.resolve("affinities.csv");
        Files.writeString(table, String.join("\n",
                "target,compound_id,pK,measure,qualifier,original_value,original_unit,error",
                "tyk2,lig_ejm_31,7.0177,ki,=,0.096,uM,0.029",
                "tyk2,lig_ejm_42,7.1938,ki,=,0.064,uM,0.019",
                "tyk2,lig_ejm_43,6.0757,ki,=,0.84,uM,0.25",
                "tyk2,lig_ejm_45,7.0269,ki,=,0.094,uM,0.028",
                "tyk2,lig_ejm_47,7.1308,ki,=,0.074,uM,0.022",
                "tyk2,lig_ejm_48,6.6198,ki,=,abc,uM,0.072",
                "p38,lig_p38a_2aa,6.8013,ic50,=,158,nM,67") + "\n", StandardCharsets.UTF_8);
        Map<String, Path> receptors = new LinkedHashMap<>();
        receptors.put("tyk2", root.resolve("tyk2/protein.pdb"));
        receptors.put("p38", root.resolve("p38/protein.pdb"));
        return new Mixed(root, config(Path.of(root + "/{target}/poses/*.sdf"), receptors, table, poseIndexTag));
    }

    @Test
    void malformedRecordsAndUnmatchedLabelsAreEachRejectedAndTheRestIsPrepared() throws IOException {
        Mixed m = mixed("pose_rank");
        Path dir = tmp.resolve("out");
        PrepareResult r = new Preparer(AtomTyper.gninaDefault(), 2, PrepareProgress.NONE).run(m.config(), dir);
        String root = m.root().toString();
        String p31 = root + "/tyk2/poses/lig_ejm_31.sdf";
        List<Reject> expected = List.of(
                new Reject(root + "/affinities.csv", "line 6", "lig_ejm_47", "label without poses: no pose of"
                        + " compound 'lig_ejm_47' under target 'tyk2'; the label is not used"),
                new Reject(root + "/affinities.csv", "line 7", "lig_ejm_48",
                        "non-numeric value: 'abc' in column 'original_value'"),
                new Reject(root + "/affinities.csv", "line 8", "lig_p38a_2aa", "label of another target: target"
                        + " 'p38' has no pose files here (targets of the pose files: jak1, tyk2); the label is not"
                        + " used"),
                new Reject(root + "/jak1/poses/lig_x.sdf", "", "", "no receptor: target 'jak1' has no receptor; add"
                        + " one (--receptor jak1=FILE, data.prepare.receptors)"),
                new Reject(root + "/p38/protein.pdb", "", "", "unused receptor: no pose file has target 'p38'"),
                new Reject(p31, "record 2 (line 59)", "lig_ejm_31", "duplicate pose index: pose 1 of"
                        + " tyk2/lig_ejm_31 is already " + p31 + " record 1 (line 1); this later record is skipped"
                        + " (check the <pose_rank> tags, or number poses by rank with pose_index_tag: \"\")"),
                new Reject(p31, "record 5 (line 233)", "lig_ejm_31", "bad pose index: SD tag <pose_rank> is 'x'; it"
                        + " must be a whole number ≥ 1 (or set pose_index_tag to another tag, or to \"\" to number"
                        + " poses by rank)"),
                new Reject(root + "/tyk2/poses/lig_ejm_42.sdf", "record 3 (line 121)", "lig_ejm_42", "malformed atom"
                        + " line: atom line 125 (atom 1) is 20 characters long: V2000 atom lines are fixed-width (x,"
                        + " y, z in columns 1-30, element in 32-34), this looks like free-format spacing"),
                new Reject(root + "/tyk2/poses/lig_ejm_43.sdf", "record 5 (line 249)", "lig_ejm_43", "bad bond: bond"
                        + " line 276 (bond 1) joins atoms 1 and 99 but the record has atoms 1..23"),
                new Reject(root + "/tyk2/poses/lig_ejm_45.sdf", "record 3 (line 131)", "",
                        "empty record: nothing between two $$$$ lines"));
        try (Dataset ds = Dataset.open(dir)) {
            assertEquals(expected, ds.rejects());
            assertEquals(List.of("tyk2"), List.copyOf(ds.receptorTargets()));
            Map<String, List<Integer>> indices = new LinkedHashMap<>();
            for (CompoundPoses cp : ds) {
                List<Integer> ix = new ArrayList<>();
                for (PoseRecord p : cp.poses()) {
                    ix.add(p.poseIndex());
                }
                indices.put(cp.key().toString(), ix);
            }
            assertEquals(Map.of(
                    "tyk2/lig_ejm_31", List.of(1, 3, 4, 6, 7, 8, 9),
                    "tyk2/lig_ejm_42", List.of(1, 2, 4, 5, 6, 7, 8, 9),
                    "tyk2/lig_ejm_43", List.of(1, 2, 3, 4, 6, 7, 8, 9),
                    "tyk2/lig_ejm_45", List.of(1, 2, 3, 4, 5, 6, 7, 8, 9),
                    "tyk2/lig_ejm_46", List.of(1, 2, 3, 4, 5, 6, 7, 8, 9)), indices);
            // lig_ejm_45's poses 3..9 are records 4..10 after the empty record 3
            assertEquals(4, ds.poses(new CompoundKey("tyk2", "lig_ejm_45")).get(2).sourceRecord());
            CompoundRecord unlabelled = ds.compound(new CompoundKey("tyk2", "lig_ejm_46")).orElseThrow();
            assertFalse(unlabelled.hasLabel());
            // 0.096 uM: pK = -log10(9.6e-8) = 7.017728766960431 (python math)
            assertEquals(7.017728766960431,
                    ds.compound(new CompoundKey("tyk2", "lig_ejm_31")).orElseThrow().label().orElseThrow().pk(),
                    1e-12);
        }
        DatasetStats s = r.summary().stats();
        assertEquals(5, s.compounds());
        assertEquals(41, s.poses());
        assertEquals(4, s.labelled());
        assertEquals(1, s.unlabelled());
        assertEquals(2, r.labelsWithoutPoses());
        Map<String, Long> in = r.summary().inputCounts();
        assertEquals(6L, in.get("pose_files"));
        assertEquals(5L, in.get("pose_files_read"));
        assertEquals(46L, in.get("pose_records")); // 9 + 9 + 9 + 10 (with the empty one) + 9
        assertEquals(7L, in.get("affinity_rows"));
        assertEquals(6L, in.get("labels"));
        assertEquals(Map.of("tyk2", 2340), r.receptorAtoms());
        assertEquals(11, Files.readAllLines(dir.resolve("rejects.csv")).size()); // header + 10
    }

    @Test
    void withoutThePoseIndexTagARejectedRecordOfAKnownCompoundKeepsItsRank() throws IOException {
        Mixed m = mixed("");
        Path dir = tmp.resolve("out-rank");
        PrepareResult r = new Preparer(AtomTyper.gninaDefault(), 1, PrepareProgress.NONE).run(m.config(), dir);
        try (Dataset ds = Dataset.open(dir)) {
            Map<String, List<Integer>> indices = new LinkedHashMap<>();
            for (CompoundPoses cp : ds) {
                List<Integer> ix = new ArrayList<>();
                for (PoseRecord p : cp.poses()) {
                    ix.add(p.poseIndex());
                    if (!cp.key().compoundId().equals("lig_ejm_31")) { // whose tags were edited
                        assertEquals(Double.valueOf(p.poseIndex()), p.scores().get("pose_rank"),
                                "in these files the rank in the file is the pose_rank tag, now kept as a score");
                    }
                }
                indices.put(cp.key().target() + "/" + cp.key().compoundId(), ix);
            }
            // lig_ejm_31: the tags are ignored, so all 9 stay. lig_ejm_42: record 3 is rejected but its title names
            // the compound, so record 4 is still pose 4. lig_ejm_45: the empty record names no compound and takes
            // no rank: records 1, 2, 4..10 are poses 1..9.
            assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9), indices.get("tyk2/lig_ejm_31"));
            assertEquals(List.of(1, 2, 4, 5, 6, 7, 8, 9), indices.get("tyk2/lig_ejm_42"));
            assertEquals(List.of(1, 2, 3, 4, 6, 7, 8, 9), indices.get("tyk2/lig_ejm_43"));
            assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9), indices.get("tyk2/lig_ejm_45"));
        }
        assertEquals(43, r.summary().stats().poses());
    }

    private static List<String> read(Path p) throws IOException {
        return new ArrayList<>(Files.readAllLines(p, StandardCharsets.UTF_8));
    }

    private static void write(Path p, List<String> lines) throws IOException {
        Files.writeString(p, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }
}
