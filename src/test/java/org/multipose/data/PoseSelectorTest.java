package org.multipose.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.base.InputException;
import org.multipose.config.PoseFilter;
import org.multipose.config.PoseRank;
import org.multipose.config.PoseSelection;

/**
 * Which poses a {@link PoseSelection} keeps, on hand-made poses whose expected picks are read off the table below:
 * filters first, then the first k by the rank; indices unchanged; what was left out counted; and a dataset seen
 * through a selection.
 */
class PoseSelectorTest {

    @TempDir
    Path tmp;

    private static final CompoundKey K = new CompoundKey("t", "c");

    /** index, file, record, vina (NaN = no tag), rmsd (NaN = no tag). */
    private static final double[][] POSES = {
        {1, 0, 3, -8.0, 2.5},
        {2, 0, 1, -9.5, 1.2},
        {3, 1, 1, -7.0, Double.NaN},
        {4, 0, 2, Double.NaN, 0.8},
    };

    private static List<PoseRecord> poses() {
        List<PoseRecord> out = new ArrayList<>();
        for (double[] p : POSES) {
            Map<String, Double> scores = new HashMap<>();
            if (!Double.isNaN(p[3])) {
                scores.put("vina", p[3]);
            }
            if (!Double.isNaN(p[4])) {
                scores.put("rmsd", p[4]);
            }
            out.add(new PoseRecord(K, (int) p[0], p[1] == 0 ? "a.sdf" : "b.sdf", (int) p[2], new float[3],
                    new short[1], new float[] {1.5f}, scores));
        }
        return out;
    }

    private static List<Integer> kept(PoseSelection s) {
        return PoseSelector.of(s).select(poses()).kept().stream().map(PoseRecord::poseIndex).toList();
    }

    private static PoseSelection sel(Integer top, String rank, String... filters) {
        List<PoseFilter> f = new ArrayList<>();
        for (String x : filters) {
            f.add(PoseFilter.parse(x));
        }
        return new PoseSelection(Optional.ofNullable(top), PoseRank.parse(rank), f);
    }

    @Test
    void topKByEachRankKeepsIndicesAndOrder() {
        assertEquals(List.of(1, 2, 3, 4), kept(PoseSelection.defaults()));
        assertEquals(List.of(1), kept(sel(1, "pose_index")));
        assertEquals(List.of(1, 2), kept(sel(2, "pose_index")));
        // file then record: a.sdf record 1 is pose 2, record 2 pose 4
        assertEquals(List.of(2), kept(sel(1, "file")));
        assertEquals(List.of(2, 4), kept(sel(2, "file")));
        // vina lowest first: -9.5 (pose 2), -8.0 (pose 1); pose 4 has no vina and comes last
        assertEquals(List.of(1, 2), kept(sel(2, "vina")));
        // highest first: -7.0 (pose 3), -8.0 (pose 1)
        assertEquals(List.of(1, 3), kept(sel(2, "vina desc")));
        assertEquals(List.of(1, 2, 3, 4), kept(sel(10, "pose_index")), "k beyond the count keeps all");
    }

    @Test
    void filtersComeFirstAndAPoseWithoutTheScoreFails() {
        assertEquals(List.of(2, 4), kept(sel(null, "pose_index", "rmsd <= 2")));
        assertEquals(List.of(2), kept(sel(null, "pose_index", "rmsd <= 2", "vina < -7")));
        // top 1 of the poses within 2 Å: pose 2 (pose 1, the docking top, fails the filter)
        assertEquals(List.of(2), kept(sel(1, "pose_index", "rmsd <= 2")));
        PoseSelector.Result r = PoseSelector.of(sel(1, "pose_index", "rmsd < 3")).select(poses());
        // rmsd < 3: poses 1, 2, 4 pass; pose 3 lacks rmsd; of the three, top 1 keeps pose 1
        assertEquals(List.of(1), r.kept().stream().map(PoseRecord::poseIndex).toList());
        assertEquals(1, r.failedFilter());
        assertEquals(1, r.missingScore());
        assertEquals(2, r.beyondTop());
        PoseSelectionCounts c = PoseSelectionCounts.none(sel(1, "pose_index", "rmsd < 3")).plus(4, r);
        assertEquals("poses with rmsd < 3, then top 1 by pose_index: 1 of 4 poses kept (1 failed the filter (1"
                + " without its score), 2 beyond the top 1), 1 of 1 compounds", c.describe());
    }

    @Test
    void aScoreNoPoseHasIsAnErrorNamingTheScoresThereAre() {
        InputException e = assertThrows(InputException.class,
                () -> PoseSelector.of(sel(null, "pose_index", "rmsd_to_reference <= 2"))
                        .requireScores(Set.of("vina", "rmsd"), "data/ds"));
        assertEquals("data/ds: pose selection (poses with rmsd_to_reference <= 2): no pose has the score"
                + " 'rmsd_to_reference'; the poses' scores are rmsd, vina; check the name (--pose-filter, --rank-by,"
                + " data.pose_selection)", e.getMessage());
    }

    @Test
    void aDatasetSeenThroughASelection() {
        CompoundKey other = new CompoundKey("t", "d");
        try (DatasetWriter w = DatasetWriter.create(tmp.resolve("ds"), DatasetMetadata.of("t", List.of("a"),
                List.of(1.5)), 64)) {
            w.addReceptor(new ReceptorRecord("t", "r.pdb", new float[3], new short[1], new float[] {1.5f}));
            w.addCompound(new CompoundRecord(K, Optional.of(new AffinityLabel(K, Measure.KI, 7.0,
                    Qualifier.EQUAL, OptionalDouble.empty(), 1, Optional.empty())), "", 4), poses());
            w.addCompound(new CompoundRecord(other, Optional.empty(), "", 1), List.of(new PoseRecord(other, 1,
                    "c.sdf", 1, new float[3], new short[1], new float[] {1.5f}, Map.of("vina", -6.0))));
            w.finish();
        }
        try (Dataset ds = Dataset.open(tmp.resolve("ds"), sel(null, "pose_index", "rmsd <= 2"))) {
            assertEquals(List.of(K), ds.compounds().stream().map(CompoundRecord::key).toList(),
                    "d has no rmsd: left without poses, not in the view");
            assertEquals(2, ds.compound(K).orElseThrow().nPoses());
            assertEquals(List.of(2, 4), ds.poses(K).stream().map(PoseRecord::poseIndex).toList());
            assertEquals(List.of(other), ds.compoundsWithoutSelectedPoses());
            assertEquals(5, ds.selectionCounts().posesIn());
            assertEquals(2, ds.selectionCounts().posesKept());
            assertEquals(1, ds.selectionCounts().compoundsDropped());
        }
        try (Dataset all = Dataset.open(tmp.resolve("ds"))) {
            assertEquals(4, all.poses(K).size(), "the files keep every pose");
        }
    }
}
