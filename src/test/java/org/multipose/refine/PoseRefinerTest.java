package org.multipose.refine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link PoseRefiner} on synthetic objectives whose minimum is known: a weighted harmonic well around a reference
 * pose (the minimiser must find the reference from a rotated and shifted start), an objective whose gradient points
 * the wrong way (the line search must refuse every step), a flat one, and the per-step bounds.
 */
class PoseRefinerTest {

    /** y = Σ_i w_i |x_i − p_i|², w_i = 1 + i/M; records every pose it was asked about. */
    static final class Well implements PoseObjective {
        final float[] reference;
        final double sign;
        final List<float[]> seen = new ArrayList<>();

        Well(float[] reference, double sign) {
            this.reference = reference;
            this.sign = sign;
        }

        @Override
        public int atomCount() {
            return reference.length / 3;
        }

        @Override
        public double value(float[] x) {
            return valueAndGradient(x, new double[x.length]);
        }

        @Override
        public double valueAndGradient(float[] x, double[] g) {
            seen.add(x.clone());
            int m = atomCount();
            double y = 0;
            for (int i = 0; i < m; i++) {
                double w = 1 + (double) i / m;
                for (int k = 0; k < 3; k++) {
                    double d = (double) x[3 * i + k] - reference[3 * i + k];
                    y += w * d * d;
                    g[3 * i + k] = sign * 2 * w * d;
                }
            }
            return y;
        }
    }

    static float[] reference() {
        return RigidBodyTest.atoms(9, 8);
    }

    /** The reference turned by 25° about (1, 2, 2)/3 about its centroid and shifted by (1, −1, 0.5) Å. */
    static float[] displaced(float[] ref) {
        double a = Math.toRadians(25);
        double[] w = {a / 3, 2 * a / 3, 2 * a / 3};
        return RigidMotion.identity(RigidGradient.centroid(ref)).then(new double[] {1, -1, 0.5}, w).apply(ref);
    }

    @Test
    void findsTheBottomOfAWellFromARotatedAndShiftedStart() {
        float[] ref = reference();
        float[] start = displaced(ref);
        Well well = new Well(ref, 1);
        Refinement r = PoseRefiner.refine(well, start, new RefineOptions(1000, 0.1, 0.1, 1e-6, 1e-7, 20));
        assertTrue(Refinement.rmsd(ref, start) > 1.5, "the start is far: " + Refinement.rmsd(ref, start));
        assertTrue(Refinement.rmsd(ref, r.refined()) < 1e-3, "RMSD to the well's bottom "
                + Refinement.rmsd(ref, r.refined()) + " Å after " + r.steps() + " steps (" + r.stop() + ")");
        assertEquals(Math.toRadians(25), r.motion().angle(), 1e-3, "the motion undoes the 25° turn");
        double[] h = r.history();
        assertEquals(r.steps() + 1, h.length);
        assertEquals(r.yBefore(), h[0], 0.0);
        assertEquals(r.yAfter(), h[h.length - 1], 0.0);
        for (int i = 1; i < h.length; i++) {
            assertTrue(h[i] < h[i - 1], "y rose at step " + i);
        }
        for (float[] x : well.seen) {
            RigidBodyTest.assertDistancesKept(start, x, 1e-4);
        }
        assertArrayEquals(r.motion().apply(start), r.refined());
        assertEquals(well.seen.size(), r.evaluations());
    }

    @Test
    void aStepMovesNoAtomFartherThanTheStepAndTurnsNoMoreThanTheLimit() {
        float[] ref = reference();
        float[] start = displaced(ref);
        for (double[] limits : new double[][] {{0.1, 0.1}, {0.5, 0.02}}) {
            Well well = new Well(ref, 1);
            Refinement r = PoseRefiner.refine(well, start, new RefineOptions(1, limits[0], limits[1], 0, 0, 10));
            assertEquals(1, r.steps());
            double max = 0;
            for (int i = 0; i < start.length / 3; i++) {
                max = Math.max(max, Math.sqrt(Math.pow(r.refined()[3 * i] - start[3 * i], 2)
                        + Math.pow(r.refined()[3 * i + 1] - start[3 * i + 1], 2)
                        + Math.pow(r.refined()[3 * i + 2] - start[3 * i + 2], 2)));
            }
            assertTrue(max <= limits[0] + 1e-5, "largest move " + max + " Å, limit " + limits[0]);
            assertTrue(r.motion().angle() <= limits[1] + 1e-9, "turn " + r.motion().angle() + ", limit " + limits[1]);
            assertEquals(Refinement.Stop.MAX_STEPS, r.stop());
        }
    }

    @Test
    void aGradientThatLiesIsRefusedAndYNeverRises() {
        float[] ref = reference();
        float[] start = displaced(ref);
        Well liar = new Well(ref, -1); // the gradient points uphill
        Refinement r = PoseRefiner.refine(liar, start, RefineOptions.defaults());
        assertEquals(Refinement.Stop.NO_DESCENT, r.stop());
        assertEquals(0, r.steps());
        assertEquals(r.yBefore(), r.yAfter(), 0.0);
        assertArrayEquals(start, r.refined());
        assertEquals(1 + RefineOptions.defaults().maxHalvings() + 1, r.evaluations(), "start + every halving");
    }

    @Test
    void stopsAtOnceOnAFlatObjectiveOrWithoutSteps() {
        float[] ref = reference();
        Refinement flat = PoseRefiner.refine(new Well(ref, 0), displaced(ref), RefineOptions.defaults());
        assertEquals(Refinement.Stop.GRADIENT, flat.stop());
        assertEquals(0, flat.steps());
        Refinement none = PoseRefiner.refine(new Well(ref, 1), displaced(ref), RefineOptions.defaults().with(0, 0.1));
        assertEquals(Refinement.Stop.MAX_STEPS, none.stop());
        assertEquals(none.yBefore(), none.yAfter(), 0.0);
        assertEquals(0, none.rmsdMoved(), 0.0);
    }

    static void assertArrayEquals(float[] a, float[] b) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);
    }
}
