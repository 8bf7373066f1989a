package org.multipose.cli.bench;

import java.util.Arrays;

/**
 * Wall-clock timings of a subject and of its floor measured in the same run, interleaved so that machine drift
 * (another process, frequency changes) hits both alike. Benchmarks report the ratio of medians, not raw seconds.
 *
 * @param subjectNanos per-run times of the measured operation, in run order
 * @param floorNanos   per-run times of the floor (e.g. zero-filling the same buffer), in run order
 */
public record Timing(long[] subjectNanos, long[] floorNanos) {

    /**
     * Runs {@code warmup} untimed rounds, then {@code runs} timed rounds of floor-then-subject. Each timed call runs
     * the operation {@code repeat} times, so short operations stay well above the timer's resolution.
     */
    public static Timing interleaved(Runnable subject, Runnable floor, int warmup, int runs, int repeat) {
        for (int i = 0; i < warmup; i++) {
            floor.run();
            subject.run();
        }
        long[] s = new long[runs];
        long[] f = new long[runs];
        for (int i = 0; i < runs; i++) {
            f[i] = time(floor, repeat);
            s[i] = time(subject, repeat);
        }
        return new Timing(s, f);
    }

    /**
     * What a warm-up reached: calls made, seconds spent, and whether the subject's time had become steady.
     *
     * @param calls   floor-then-subject rounds run
     * @param seconds wall time spent
     * @param steady  true when the last {@value #STEADY_BLOCKS} block medians were within {@value #STEADY_SPREAD}
     *                of each other (max / min − 1); false when the time cap ended the warm-up first
     */
    public record Warmup(int calls, double seconds, boolean steady) {
        /** e.g. "steady after 1,250 calls (4.1 s)" or "not steady after 30.0 s (9,000 calls)". */
        public String describe() {
            return steady ? String.format(java.util.Locale.ROOT, "steady after %,d calls (%.1f s)", calls, seconds)
                    : String.format(java.util.Locale.ROOT, "NOT steady after %.1f s (%,d calls)", seconds, calls);
        }
    }

    /** Rounds per warm-up block. */
    static final int BLOCK = 25;
    /** Consecutive blocks whose medians must agree. */
    static final int STEADY_BLOCKS = 4;
    /** Largest relative spread (max / min − 1) of those block medians. */
    static final double STEADY_SPREAD = 0.05;

    /**
     * Warms up until the subject's time is steady: rounds of floor-then-subject in blocks of {@value #BLOCK}, until
     * at least {@code minCalls} rounds ran and the medians of the last {@value #STEADY_BLOCKS} blocks agree within
     * {@value #STEADY_SPREAD}, or {@code maxSeconds} passed. The JIT needs hundreds of calls — and, on a busy
     * machine, seconds of queueing in its compiler threads — before a kernel and every method it calls run compiled;
     * a fixed warm-up timed partly interpreted code in some runs (docs/benchmarks.md, "Grid").
     */
    public static Warmup warmUp(Runnable subject, Runnable floor, int minCalls, double maxSeconds) {
        long start = System.nanoTime();
        long deadline = start + (long) (maxSeconds * 1e9);
        java.util.ArrayDeque<Double> medians = new java.util.ArrayDeque<>();
        long[] block = new long[BLOCK];
        int calls = 0;
        while (true) {
            for (int i = 0; i < BLOCK; i++) {
                floor.run();
                block[i] = time(subject, 1);
            }
            calls += BLOCK;
            medians.addLast(median(block));
            if (medians.size() > STEADY_BLOCKS) {
                medians.removeFirst();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (calls >= minCalls && medians.size() == STEADY_BLOCKS) {
                double lo = Double.POSITIVE_INFINITY;
                double hi = 0;
                for (double m : medians) {
                    lo = Math.min(lo, m);
                    hi = Math.max(hi, m);
                }
                if (hi / lo - 1 <= STEADY_SPREAD) {
                    return new Warmup(calls, seconds, true);
                }
            }
            if (System.nanoTime() > deadline) {
                return new Warmup(calls, seconds, false);
            }
        }
    }

    private static long time(Runnable r, int repeat) {
        long t0 = System.nanoTime();
        for (int k = 0; k < repeat; k++) {
            r.run();
        }
        return (System.nanoTime() - t0) / repeat;
    }

    /** Median of the subject's runs, ns. */
    public double subjectMedian() {
        return median(subjectNanos);
    }

    /** Median of the floor's runs, ns. */
    public double floorMedian() {
        return median(floorNanos);
    }

    /** subject median / floor median. */
    public double ratio() {
        return subjectMedian() / floorMedian();
    }

    static double median(long[] xs) {
        long[] c = xs.clone();
        Arrays.sort(c);
        int n = c.length;
        return n % 2 == 1 ? c[n / 2] : 0.5 * (c[n / 2 - 1] + c[n / 2]);
    }

    /** The p-quantile (0..1, nearest rank) of the per-run ratios subject / floor. */
    public double ratioQuantile(double p) {
        double[] r = new double[subjectNanos.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = (double) subjectNanos[i] / floorNanos[i];
        }
        Arrays.sort(r);
        return r[Math.min(r.length - 1, (int) Math.floor(p * r.length))];
    }

    /** One report line: {@code label  subject ms  floor ms  ratio  [p10–p90 of the per-run ratios]}. */
    public String line(String label) {
        return String.format("%-40s %10.3f ms %10.3f ms %8.2fx  [%.2f–%.2f]", label, subjectMedian() / 1e6,
                floorMedian() / 1e6, ratio(), ratioQuantile(0.1), ratioQuantile(0.9));
    }
}
