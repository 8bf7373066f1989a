package org.multipose.refine;

/**
 * What {@link PoseRefiner} did to one pose.
 *
 * @param start      the starting coordinates (3M, Å)
 * @param refined    the refined coordinates (3M, Å): {@code motion.apply(start)}
 * @param motion     the rigid motion from start to refined (apply it to every atom of the molecule, hydrogens
 *                   too)
 * @param yBefore    y at the start, kT
 * @param yAfter     y at the end, kT (≤ yBefore)
 * @param steps      accepted steps
 * @param evaluations objective evaluations (each with its gradient)
 * @param stop       why it stopped
 * @param rmsGradient the rigid RMS gradient at the end, kT/Å ({@link RigidGradient#rmsGradient()})
 * @param history    y after 0, 1, …, steps accepted steps (length steps + 1; non-increasing)
 */
public record Refinement(float[] start, float[] refined, RigidMotion motion, double yBefore, double yAfter,
        int steps, int evaluations, Stop stop, double rmsGradient, double[] history) {

    /** Why refinement stopped. */
    public enum Stop {
        /** the step budget was used up */
        MAX_STEPS("step limit"),
        /** the rigid gradient fell below its tolerance */
        GRADIENT("gradient below tolerance"),
        /** a step moved no atom farther than the move tolerance */
        MOVE("move below tolerance"),
        /** no step along the rigid gradient lowered y, down to the smallest trial */
        NO_DESCENT("no lower y along the gradient");

        private final String text;

        Stop(String text) {
            this.text = text;
        }

        /** In words, for the per-pose line. */
        public String text() {
            return text;
        }
    }

    public Refinement {
        start = start.clone();
        refined = refined.clone();
        history = history.clone();
    }

    @Override
    public float[] start() {
        return start.clone();
    }

    @Override
    public float[] refined() {
        return refined.clone();
    }

    @Override
    public double[] history() {
        return history.clone();
    }

    /** Root mean square distance between start and refined positions of the M atoms, Å. */
    public double rmsdMoved() {
        return rmsd(start, refined);
    }

    /** Root mean square distance between two coordinate sets of the same atoms (3M each), Å; no superposition. */
    public static double rmsd(float[] a, float[] b) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("coordinate sets of " + a.length + " and " + b.length + " values");
        }
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            s += d * d;
        }
        return Math.sqrt(s / (a.length / 3));
    }
}
