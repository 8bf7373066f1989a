package org.multipose.data;

import java.util.Locale;
import org.multipose.base.InputException;

/**
 * The shares of the train, validation and test splits: each in [0, 1], summing to 1 (within 1e-9).
 *
 * @param train share of compounds for training
 * @param val   share for validation
 * @param test  share for testing
 */
public record SplitFractions(double train, double val, double test) {

    public SplitFractions {
        for (double f : new double[] {train, val, test}) {
            if (!(f >= 0 && f <= 1)) {
                throw new InputException(String.format(Locale.ROOT,
                        "split fractions must each lie in [0, 1]: train %s, val %s, test %s", train, val, test));
            }
        }
        double sum = train + val + test;
        if (Math.abs(sum - 1.0) > 1e-9) {
            throw new InputException(String.format(Locale.ROOT,
                    "split fractions train %s + val %s + test %s = %s; they must sum to 1", train, val, test, sum));
        }
    }

    /**
     * Whole-compound counts for {@code n} compounds by the largest-remainder rule: each split gets the floor of its
     * share, and the compounds left over go one each to the splits with the largest fractional remainders (ties:
     * train, then val, then test). The counts sum to n.
     *
     * @return {train, val, test}
     */
    public int[] counts(int n) {
        double[] exact = {train * n, val * n, test * n};
        int[] c = new int[3];
        int left = n;
        for (int i = 0; i < 3; i++) {
            c[i] = (int) Math.floor(exact[i] + 1e-9);
            left -= c[i];
        }
        while (left > 0) {
            int best = -1;
            double bestRem = -1;
            for (int i = 0; i < 3; i++) {
                double rem = exact[i] - c[i];
                if (rem > bestRem + 1e-12) {
                    bestRem = rem;
                    best = i;
                }
            }
            c[best]++;
            left--;
        }
        while (left < 0) { // floors with the 1e-9 slack can overshoot by rounding; take back from the largest
            int best = c[0] >= c[1] && c[0] >= c[2] ? 0 : c[1] >= c[2] ? 1 : 2;
            c[best]--;
            left++;
        }
        return c;
    }
}
