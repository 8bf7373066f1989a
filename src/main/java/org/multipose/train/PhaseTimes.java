package org.multipose.train;

/**
 * Wall-clock time of training steps split by phase, accumulated in nanoseconds since the last {@link #reset()}: for
 * {@code bench train}'s time split (what remains of a step's time beyond these phases is "other": batching,
 * gradient accumulation, bookkeeping). A few {@code System.nanoTime} calls per pose; not thread-safe.
 */
public final class PhaseTimes {

    /** The phases of a step. */
    public enum Phase {
        /** Gridding the poses (receptor and ligand densities), including the copy into the batch buffer. */
        GRID,
        /** The network's forward and backward passes, and copying gradients out of it. */
        NETWORK,
        /** The combination's forward and backward and the loss. */
        COMBINATION,
        /** The optimizer's update (clipping, norms, the parameter update). */
        OPTIMIZER
    }

    private final long[] nanos = new long[Phase.values().length];

    void add(Phase phase, long ns) {
        nanos[phase.ordinal()] += ns;
    }

    /** Adds every phase of {@code other} to this one (e.g. the members of an ensemble). */
    public void addAll(PhaseTimes other) {
        for (Phase p : Phase.values()) {
            nanos[p.ordinal()] += other.nanos[p.ordinal()];
        }
    }

    /** Accumulated time of {@code phase}, ns. */
    public long nanos(Phase phase) {
        return nanos[phase.ordinal()];
    }

    /** Sum over all phases, ns. */
    public long total() {
        long t = 0;
        for (long n : nanos) {
            t += n;
        }
        return t;
    }

    /** Zeroes every phase. */
    public void reset() {
        java.util.Arrays.fill(nanos, 0);
    }
}
