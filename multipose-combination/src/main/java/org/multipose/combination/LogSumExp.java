package org.multipose.combination;

/**
 * Stable log-sum-exp and softmax over a few doubles. Hand-written because DJL works on NDArrays and these are per-pose
 * scalars: a JNI round trip per compound would cost more than the arithmetic.
 */
final class LogSumExp {

    private LogSumExp() {
    }

    /**
     * Returns Q = log Σ_i exp(a_i) and writes softmax(a)_i = exp(a_i − Q) into {@code softmax}. The largest term is
     * factored out and the rest summed with log1p, so ±1e7 arguments neither overflow nor lose the small terms.
     *
     * @param what names the quantity a_i stands for in the error message (e.g. "scale × prediction")
     * @throws IllegalArgumentException if an a_i is not finite (the caller has checked its inputs, so this means an
     *                                  overflow of a product such as scale × prediction)
     */
    static double logSumExp(double[] a, double[] softmax, String what) {
        int n = a.length;
        int arg = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(a[i])) {
                throw new IllegalArgumentException("pose " + i + ": " + what + " = " + a[i]
                        + " is not finite (overflow); use predictions or a scale/kT that keep it within ±1e300");
            }
            if (a[i] > a[arg]) {
                arg = i;
            }
        }
        double max = a[arg];
        double rest = 0.0;
        for (int i = 0; i < n; i++) {
            if (i != arg) {
                rest += Math.exp(a[i] - max);
            }
        }
        double q = max + Math.log1p(rest);
        for (int i = 0; i < n; i++) {
            softmax[i] = Math.exp(a[i] - q);
        }
        return q;
    }
}
