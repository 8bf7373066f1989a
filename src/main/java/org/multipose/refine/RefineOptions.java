package org.multipose.refine;

/**
 * How {@link PoseRefiner} moves a pose.
 *
 * @param maxSteps          accepted steps at most (≥ 0)
 * @param step              the largest distance any atom moves in one step, Å (&gt; 0); the first trial of a step
 *                          moves that far (or twice the previous step's move, if less), and backtracking halves it
 * @param maxRotation       the largest rotation of one step, radians (&gt; 0)
 * @param gradientTolerance stop when the rigid part of the atom gradient ({@link RigidGradient#rmsGradient()},
 *                          kT/Å) falls below this (≥ 0)
 * @param moveTolerance     stop after a step whose largest atom move is below this, Å (≥ 0)
 * @param maxHalvings       backtracking halvings of a step before giving up (≥ 0)
 */
public record RefineOptions(int maxSteps, double step, double maxRotation, double gradientTolerance,
        double moveTolerance, int maxHalvings) {

    /** The sufficient-decrease constant of the backtracking (Armijo) test. */
    public static final double ARMIJO = 1e-4;

    public RefineOptions {
        if (maxSteps < 0) {
            throw new IllegalArgumentException("maxSteps must be ≥ 0, got " + maxSteps);
        }
        if (!(step > 0) || !Double.isFinite(step)) {
            throw new IllegalArgumentException("step must be a positive number of Å, got " + step);
        }
        if (!(maxRotation > 0) || !Double.isFinite(maxRotation)) {
            throw new IllegalArgumentException("maxRotation must be a positive number of radians, got " + maxRotation);
        }
        if (!(gradientTolerance >= 0) || !(moveTolerance >= 0)) {
            throw new IllegalArgumentException("tolerances must be ≥ 0");
        }
        if (maxHalvings < 0) {
            throw new IllegalArgumentException("maxHalvings must be ≥ 0, got " + maxHalvings);
        }
    }

    /** 50 steps of at most 0.1 Å and 0.1 rad; tolerances 1e-3 kT/Å and 1e-3 Å; 10 halvings. */
    public static RefineOptions defaults() {
        return new RefineOptions(50, 0.1, 0.1, 1e-3, 1e-3, 10);
    }

    /** These options with another step count and step size. */
    public RefineOptions with(int steps, double stepSize) {
        return new RefineOptions(steps, stepSize, maxRotation, gradientTolerance, moveTolerance, maxHalvings);
    }
}
