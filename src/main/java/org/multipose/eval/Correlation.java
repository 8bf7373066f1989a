package org.multipose.eval;

import java.util.Arrays;

/**
 * Correlation coefficients of paired samples x[i], y[i] (plain arrays, finite values, equal lengths):
 * Pearson r, Spearman ρ (Pearson r of average ranks, so ties get the mean of the ranks they span) and Kendall
 * τ-b (with the tie correction: τ_b = (n_c − n_d) / √((n₀ − n₁)(n₀ − n₂)), the same as scipy.stats.kendalltau).
 * Undefined values (fewer than 2 pairs, or a constant x or y) are NaN, never an exception.
 *
 * <p>The rank statistics work on integer <em>codes</em>: dense ranks (equal values share a code, codes have no
 * gaps). Only the order and the ties of the values matter to them, so the bootstrap computes the codes of the data
 * once and reuses them for every resample, which makes Spearman O(n) and Kendall one primitive sort per resample.
 */
public final class Correlation {

    private Correlation() {}

    /** Pearson's r; NaN when n &lt; 2 or x or y is constant. Two-pass (mean first) for accuracy. */
    public static double pearson(double[] x, double[] y) {
        return pearsonUnchecked(x, y, checkPaired(x, y));
    }

    /** Spearman's ρ: Pearson's r of the average ranks; NaN when n &lt; 2 or x or y is constant. */
    public static double spearman(double[] x, double[] y) {
        int n = checkPaired(x, y);
        return spearmanOfCodes(denseRanks(x), denseRanks(y), n, n);
    }

    /**
     * Kendall's τ-b in O(n log n) (Knight 1966): order the pairs by (x, y), count the discordant pairs as the
     * inversions a merge sort by y finds in that order, and correct for ties in x, in y and in both. NaN when
     * n &lt; 2 or x or y is constant.
     */
    public static double kendallTauB(double[] x, double[] y) {
        int n = checkPaired(x, y);
        return kendallOfCodes(denseRanks(x), denseRanks(y), n, n);
    }

    /**
     * Ranks 1..n of the values; tied values all get the mean of the ranks they span (scipy.stats.rankdata's
     * "average" method).
     */
    public static double[] averageRanks(double[] v) {
        return averageRanksOfCodes(denseRanks(v), v.length, v.length);
    }

    static double pearsonUnchecked(double[] x, double[] y, int n) {
        if (n < 2) {
            return Double.NaN;
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx == 0 || syy == 0) {
            return Double.NaN;
        }
        double r = sxy / Math.sqrt(sxx * syy);
        return Math.max(-1.0, Math.min(1.0, r)); // round-off can step just outside [-1, 1]
    }

    /** Spearman's ρ of the first n entries of two code arrays with codes in [0, codes). */
    static double spearmanOfCodes(int[] cx, int[] cy, int n, int codes) {
        if (n < 2) {
            return Double.NaN;
        }
        return pearsonUnchecked(averageRanksOfCodes(cx, n, codes), averageRanksOfCodes(cy, n, codes), n);
    }

    /** Average ranks of the first n codes (codes in [0, codes)), by counting: O(n + codes). */
    static double[] averageRanksOfCodes(int[] c, int n, int codes) {
        int[] count = new int[codes];
        for (int i = 0; i < n; i++) {
            count[c[i]]++;
        }
        double[] rankOfCode = new double[codes];
        int before = 0;
        for (int k = 0; k < codes; k++) {
            rankOfCode[k] = before + 0.5 * (count[k] + 1); // mean of ranks before+1 .. before+count
            before += count[k];
        }
        double[] ranks = new double[n];
        for (int i = 0; i < n; i++) {
            ranks[i] = rankOfCode[c[i]];
        }
        return ranks;
    }

    /** Kendall's τ-b of the first n entries of two code arrays with codes in [0, codes). */
    static double kendallOfCodes(int[] cx, int[] cy, int n, int codes) {
        if (n < 2) {
            return Double.NaN;
        }
        long[] keys = new long[n]; // (x code, y code) in one long: a primitive sort orders by x, then y
        for (int i = 0; i < n; i++) {
            keys[i] = ((long) cx[i] << 32) | cy[i];
        }
        Arrays.sort(keys);
        long tiedX = 0; // n1: pairs tied in x
        long tiedXY = 0; // n3: pairs tied in both
        int runX = 1;
        int runXY = 1;
        for (int i = 1; i <= n; i++) {
            if (i < n && (keys[i] >>> 32) == (keys[i - 1] >>> 32)) {
                runX++;
            } else {
                tiedX += pairs(runX);
                runX = 1;
            }
            if (i < n && keys[i] == keys[i - 1]) {
                runXY++;
            } else {
                tiedXY += pairs(runXY);
                runXY = 1;
            }
        }
        int[] ys = new int[n];
        int[] countY = new int[codes];
        for (int i = 0; i < n; i++) {
            ys[i] = (int) keys[i];
            countY[ys[i]]++;
        }
        long tiedY = 0; // n2: pairs tied in y
        for (int c : countY) {
            tiedY += pairs(c);
        }
        // Pairs out of order by y (strictly) in the (x, y)-sorted sequence are exactly the discordant ones.
        long discordant = countInversions(ys, new int[n], 0, n);
        long total = pairs(n);
        double denominator = Math.sqrt((double) (total - tiedX) * (double) (total - tiedY));
        if (denominator == 0) {
            return Double.NaN;
        }
        long concordantMinusDiscordant = total - tiedX - tiedY + tiedXY - 2 * discordant;
        return Math.max(-1.0, Math.min(1.0, concordantMinusDiscordant / denominator));
    }

    private static long pairs(long count) {
        return count * (count - 1) / 2;
    }

    /** Sorts a[from, to) ascending (merge sort) and returns the number of strict inversions. */
    private static long countInversions(int[] a, int[] scratch, int from, int to) {
        if (to - from < 2) {
            return 0;
        }
        int mid = (from + to) >>> 1;
        long count = countInversions(a, scratch, from, mid) + countInversions(a, scratch, mid, to);
        int i = from;
        int j = mid;
        int k = from;
        while (i < mid && j < to) {
            if (a[j] < a[i]) {
                count += mid - i; // a[j] is smaller than every remaining left element
                scratch[k++] = a[j++];
            } else {
                scratch[k++] = a[i++];
            }
        }
        while (i < mid) {
            scratch[k++] = a[i++];
        }
        while (j < to) {
            scratch[k++] = a[j++];
        }
        System.arraycopy(scratch, from, a, from, to - from);
        return count;
    }

    /** Dense ranks 0..d−1 of the d distinct values: equal values (under ==, so −0.0 = 0.0) share a rank. */
    static int[] denseRanks(double[] v) {
        double[] distinct = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            distinct[i] = v[i] + 0.0; // −0.0 + 0.0 = 0.0: the sort would otherwise order −0.0 before 0.0
        }
        Arrays.sort(distinct);
        int d = 0;
        for (int i = 0; i < distinct.length; i++) {
            if (d == 0 || distinct[i] != distinct[d - 1]) {
                distinct[d++] = distinct[i];
            }
        }
        int[] ranks = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            ranks[i] = Arrays.binarySearch(distinct, 0, d, v[i] + 0.0);
        }
        return ranks;
    }

    /** Checks equal lengths and finite values; returns n. */
    static int checkPaired(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("paired samples differ in length: " + x.length + " vs " + y.length);
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                throw new IllegalArgumentException("pair " + i + " is not finite: (" + x[i] + ", " + y[i] + ")");
            }
        }
        return x.length;
    }
}
