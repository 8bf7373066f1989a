package org.multipose.refine;

import java.util.ArrayList;
import java.util.List;

/**
 * Rigid-body refinement of a pose down an objective (a trained model's predicted free energy, {@link PoseScorer}):
 * steepest descent over translations and rotations about the ligand's centroid, with backtracking, so the molecule
 * keeps its shape and y never increases.
 *
 * <p>Each step: the atom gradient gives the rigid gradient and step direction ({@link RigidGradient}: net gradient →
 * translation, torque about the centroid → rotation, both the least-squares rigid fit of the per-atom steepest
 * descent); the trial scales it so the farthest-moving atom moves min({@code step}, 2 × the previous step's move) Å
 * and the rotation stays within {@code maxRotation}; the trial is accepted when y drops by at least
 * {@value RefineOptions#ARMIJO} × the first-order prediction (Armijo), else it is halved, up to {@code maxHalvings}
 * times. It stops at the step limit, when the rigid RMS gradient or a step's largest move falls below its tolerance,
 * or when no halving lowers y. Every trial is the whole accumulated motion applied to the starting coordinates
 * ({@link RigidMotion}), so distances within the ligand stay exact up to rounding to float.
 */
public final class PoseRefiner {

    private PoseRefiner() {
    }

    /**
     * Refines the pose {@code start} (3M, Å) of {@code objective}.
     *
     * @throws ArithmeticException when y at the start is NaN or infinite
     */
    public static Refinement refine(PoseObjective objective, float[] start, RefineOptions options) {
        int m = objective.atomCount();
        if (start.length != 3 * m) {
            throw new IllegalArgumentException("the objective has " + m + " atoms but the pose " + start.length / 3.0);
        }
        double[] g = new double[3 * m];
        double[] trialGradient = new double[3 * m];
        float[] x = start.clone();
        double y = objective.valueAndGradient(x, g);
        if (!Double.isFinite(y)) {
            throw new ArithmeticException("the model predicts " + y + " kT for the starting pose");
        }
        double y0 = y;
        int evaluations = 1;
        List<Double> history = new ArrayList<>(List.of(y));
        RigidMotion motion = RigidMotion.identity(RigidGradient.centroid(start));
        RigidGradient rg = RigidGradient.of(x, g);
        double lastMove = options.step();
        int steps = 0;
        Refinement.Stop stop;
        while (true) {
            if (rg.rmsGradient() <= options.gradientTolerance() || !(rg.maxDisplacement() > 0)
                    || !(rg.slope() < 0)) {
                stop = Refinement.Stop.GRADIENT;
                break;
            }
            if (steps >= options.maxSteps()) {
                stop = Refinement.Stop.MAX_STEPS;
                break;
            }
            double[] dt = rg.translationStep();
            double[] dw = rg.rotationStep();
            double turn = Math.sqrt(dw[0] * dw[0] + dw[1] * dw[1] + dw[2] * dw[2]);
            double alpha = Math.min(options.step(), 2 * lastMove) / rg.maxDisplacement();
            if (alpha * turn > options.maxRotation()) {
                alpha = options.maxRotation() / turn;
            }
            boolean accepted = false;
            for (int h = 0; h <= options.maxHalvings(); h++, alpha /= 2) {
                RigidMotion trial = motion.then(scaled(dt, alpha), scaled(dw, alpha));
                float[] xt = trial.apply(start);
                double yt = objective.valueAndGradient(xt, trialGradient);
                evaluations++;
                if (Double.isFinite(yt) && yt < y && yt <= y + RefineOptions.ARMIJO * alpha * rg.slope()) {
                    motion = trial;
                    x = xt;
                    y = yt;
                    double[] swap = g;
                    g = trialGradient;
                    trialGradient = swap;
                    lastMove = alpha * rg.maxDisplacement();
                    accepted = true;
                    break;
                }
            }
            if (!accepted) {
                stop = Refinement.Stop.NO_DESCENT;
                break;
            }
            steps++;
            history.add(y);
            rg = RigidGradient.of(x, g);
            if (lastMove < options.moveTolerance()) {
                stop = Refinement.Stop.MOVE;
                break;
            }
        }
        double[] h = new double[history.size()];
        for (int i = 0; i < h.length; i++) {
            h[i] = history.get(i);
        }
        return new Refinement(start, x, motion, y0, y, steps, evaluations, stop, rg.rmsGradient(), h);
    }

    private static double[] scaled(double[] v, double s) {
        return new double[] {v[0] * s, v[1] * s, v[2] * s};
    }
}
