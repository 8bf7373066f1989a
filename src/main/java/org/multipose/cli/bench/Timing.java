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

    /** One report line: {@code label  subject ms  floor ms  ratio}. */
    public String line(String label) {
        return String.format("%-40s %10.3f ms %10.3f ms %8.2fx", label, subjectMedian() / 1e6, floorMedian() / 1e6,
                ratio());
    }
}
