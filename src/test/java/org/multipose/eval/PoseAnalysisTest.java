package org.multipose.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.multipose.data.CompoundKey;
import org.multipose.data.Split;

/**
 * The pose analysis on a hand case worked out in the comments (literals by hand), and its mean interval by
 * coverage on simulated data.
 */
class PoseAnalysisTest {

    private static final OptionalDouble NONE = OptionalDouble.empty();

    private static CompoundPrediction compound(String id, int nPoses, int top) {
        return new CompoundPrediction(new CompoundKey("T", id), Optional.of(Split.TEST), Optional.empty(),
                Optional.empty(), 6.0, -13.8, nPoses, top, 0.5, 20, NONE, NONE);
    }

    private static PosePrediction pose(String id, int index, OptionalDouble rmsd, double weight, OptionalDouble dock) {
        return new PosePrediction(new CompoundKey("T", id), index, -10, 4.3, weight, weight, rmsd, dock);
    }

    private static OptionalDouble of(double v) {
        return OptionalDouble.of(v);
    }

    @Test
    void countsHitsAndWeightOnNearPoses() {
        List<CompoundPrediction> compounds = List.of(compound("P1", 3, 2), compound("P2", 2, 1),
                compound("P3", 2, 2), compound("P4", 1, 1));
        List<PosePrediction> poses = List.of(
                // P1: top weight = pose 2 (0.4 Å, the lowest); top docking = pose 1 (best score, 1.5 Å).
                pose("P1", 1, of(1.5), 0.2, of(-9.0)), pose("P1", 2, of(0.4), 0.5, of(-8.0)),
                pose("P1", 3, of(4.0), 0.3, of(-7.0)),
                // P2: no pose within 2 Å; both top poses are pose 1 (3.0 Å), the lowest is pose 2 (2.5 Å).
                pose("P2", 1, of(3.0), 0.6, of(-10.0)), pose("P2", 2, of(2.5), 0.4, of(-9.5)),
                // P3: no docking scores (top docking = pose index 1); an RMSD tie counts as lowest for both.
                pose("P3", 1, of(1.0), 0.1, NONE), pose("P3", 2, of(1.0), 0.9, NONE),
                // P4: a pose without RMSD: left out.
                pose("P4", 1, NONE, 1.0, of(-8.0)));
        PredictionTable table = new PredictionTable(compounds, poses);
        PoseAnalysis a = PoseAnalysis.of(compounds, table.posesByCompound(), new BootstrapOptions(300, 2, 0.95))
                .orElseThrow();
        assertEquals(3, a.compounds());
        assertEquals(7, a.poses());
        assertEquals(2, a.topDockByScore()); // P1, P2 by score; P3 by index
        assertEquals(2, a.topWeightLowestRmsd()); // P1, P3
        assertEquals(1, a.topDockLowestRmsd()); // P3
        assertEquals(2, a.topWeightBelow()); // P1 (0.4), P3 (1.0)
        assertEquals(2, a.topDockBelow()); // P1 (1.5), P3 (1.0)
        assertEquals(2, a.anyBelow());
        // weight on < 2 Å: P1 0.2 + 0.5, P2 0, P3 1.0; fraction: 2/3, 0, 1.
        assertEquals((0.7 + 0 + 1.0) / 3, a.meanWeightBelow(), 1e-15);
        assertEquals((2.0 / 3 + 0 + 1) / 3, a.meanFractionBelow(), 1e-15);
        assertEquals(1.0 / 3, a.lowestRmsdDifference().value(), 1e-15);
        assertEquals((0.7 - 2.0 / 3) / 3, a.weightBelowExcess().value(), 1e-15);
        // Per-compound hit differences are 1, 0, 0: resampled means lie in [0, 1].
        assertTrue(a.lowestRmsdDifference().lower() >= 0 && a.lowestRmsdDifference().upper() <= 1);
    }

    @Test
    void noRmsdNoAnalysis() {
        CompoundPrediction c = compound("P4", 1, 1);
        Map<CompoundKey, List<PosePrediction>> poses = Map.of(c.key(), List.of(pose("P4", 1, NONE, 1.0, NONE)));
        assertTrue(PoseAnalysis.of(List.of(c), poses, BootstrapOptions.withSeed(0)).isEmpty());
    }

    /** Mean of n = 40 draws of N(0.3, 1): the 95 % interval covers 0.3 in 90–99 % of 400 datasets (seed 1: 94.5 %). */
    @Test
    void meanIntervalCoversTheTruth() {
        SplittableRandom rng = new SplittableRandom(1);
        int covered = 0;
        for (int d = 0; d < 400; d++) {
            double[] v = new double[40];
            for (int i = 0; i < v.length; i++) {
                v[i] = 0.3 + rng.nextGaussian();
            }
            PoseAnalysis.Interval iv = PoseAnalysis.meanInterval(v, new BootstrapOptions(400, rng.nextLong(), 0.95));
            if (iv.lower() <= 0.3 && 0.3 <= iv.upper()) {
                covered++;
            }
        }
        double cov = covered / 400.0;
        assertTrue(cov >= 0.90 && cov <= 0.99, "coverage " + cov);
    }
}
