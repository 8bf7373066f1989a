package org.multipose.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.multipose.data.CompoundKey;
import org.multipose.data.Measure;
import org.multipose.data.Qualifier;
import org.multipose.data.Split;

/**
 * The hand-made predictions table whose metrics src/test/python/report_reference.py computes independently (same
 * rows as its TABLE): 5 train compounds (one censored), 13 test compounds over targets A and B (two censored, one
 * unlabelled, one without a docking score), one compound of target C in no split. Every compound has two poses:
 * pose 1 (RMSD 0.8 Å, weight 0.7, the compound's docking score) and pose 2 (RMSD 3.1 Å, weight 0.3, score + 0.5).
 */
public final class ReportFixture {

    private ReportFixture() {}

    /** target, id, split, qualifier ("" = unlabelled), label, predicted, heavy atoms, dock score (NaN = none). */
    private static final Object[][] ROWS = {
        {"A", "t1", "train", "=", 5.0, 5.5, 20, -7.0},
        {"A", "t2", "train", "=", 6.0, 6.2, 24, -8.0},
        {"B", "t3", "train", "=", 7.0, 6.6, 28, -8.5},
        {"B", "t4", "train", "=", 8.0, 7.4, 30, -9.0},
        {"B", "t5", "train", ">", 9.0, 8.0, 34, -9.5},
        {"A", "a1", "test", "=", 5.2, 5.6, 18, -7.1},
        {"A", "a2", "test", "=", 6.1, 5.9, 25, -8.4},
        {"A", "a3", "test", "=", 6.8, 7.1, 22, -7.9},
        {"A", "a4", "test", "=", 7.5, 7.0, 31, -9.3},
        {"A", "a5", "test", "=", 8.3, 7.9, 27, -8.0},
        {"A", "a6", "test", "<", 4.9, 5.5, 16, -6.5},
        {"A", "a7", "test", "", Double.NaN, 6.0, 21, -7.5},
        {"B", "b1", "test", "=", 5.5, 6.3, 22, -8.8},
        {"B", "b2", "test", "=", 6.4, 6.0, 22, -7.2},
        {"B", "b3", "test", "=", 7.2, 7.3, 35, Double.NaN},
        {"B", "b4", "test", "=", 7.9, 7.0, 29, -9.6},
        {"B", "b5", "test", "=", 8.8, 8.1, 33, -9.1},
        {"B", "b6", "test", ">", 6.0, 6.8, 26, -8.1},
        {"C", "n1", "none", "=", 6.6, 6.9, 23, -8.2},
    };

    public static List<CompoundPrediction> compounds() {
        List<CompoundPrediction> out = new ArrayList<>();
        for (Object[] r : ROWS) {
            out.add(compound((String) r[0], (String) r[1], (String) r[2], (String) r[3], (double) r[4],
                    (double) r[5], (int) r[6], (double) r[7]));
        }
        return out;
    }

    static CompoundPrediction compound(String target, String id, String split, String qualifier, double label,
            double predicted, int heavy, double dock) {
        Optional<PkLabel> l = qualifier.isEmpty() ? Optional.empty()
                : Optional.of(new PkLabel(label, Qualifier.fromSymbol(qualifier).orElseThrow(),
                        OptionalDouble.empty()));
        return new CompoundPrediction(new CompoundKey(target, id), Split.parse(split), Optional.of(Measure.KI), l,
                predicted, -predicted * Math.log(10), 2, 1, 0.7, heavy,
                Double.isNaN(dock) ? OptionalDouble.empty() : OptionalDouble.of(dock), OptionalDouble.empty());
    }

    public static List<PosePrediction> poses(List<CompoundPrediction> compounds) {
        List<PosePrediction> out = new ArrayList<>();
        for (CompoundPrediction c : compounds) {
            double y = c.combinedKt();
            OptionalDouble d = c.dockScore();
            out.add(new PosePrediction(c.key(), 1, y, c.predictedPk(), 0.7, 0.7, OptionalDouble.of(0.8), d));
            out.add(new PosePrediction(c.key(), 2, y + 1, c.predictedPk() - 0.4, 0.3, 0.3, OptionalDouble.of(3.1),
                    d.isPresent() ? OptionalDouble.of(d.getAsDouble() + 0.5) : OptionalDouble.empty()));
        }
        return out;
    }

    /** Target A's name and compound a1's id as hostile HTML; the numbers are the same as {@link #table()}'s. */
    public static final String HOSTILE_TARGET = "A&<b>";
    public static final String HOSTILE_ID = "<script>alert('a1')</script>";

    public static PredictionTable hostileTable() {
        List<CompoundPrediction> out = new ArrayList<>();
        for (CompoundPrediction c : compounds()) {
            CompoundKey k = c.key();
            CompoundKey h = new CompoundKey(k.target().equals("A") ? HOSTILE_TARGET : k.target(),
                    k.compoundId().equals("a1") ? HOSTILE_ID : k.compoundId());
            out.add(new CompoundPrediction(h, c.split(), c.measure(), c.label(), c.predictedPk(), c.combinedKt(),
                    c.nPoses(), c.topPose(), c.topWeight(), c.heavyAtoms(), c.dockScore(), c.predictedSd()));
        }
        return new PredictionTable(out, poses(out));
    }

    public static PredictionTable table() {
        List<CompoundPrediction> c = compounds();
        return new PredictionTable(c, poses(c));
    }
}
