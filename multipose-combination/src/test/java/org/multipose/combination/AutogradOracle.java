package org.multipose.combination;

import ai.djl.ndarray.NDArray;

/**
 * The combinations and the test loss written as plain DJL NDArray expressions, so PyTorch's autograd differentiates
 * them: stack → mean / logsumexp / softmax-weighted mean. Independent of the code under test.
 */
final class AutogradOracle {

    private AutogradOracle() {
    }

    /** ŷ from y of shape (N). */
    static NDArray combine(Combination c, NDArray y) {
        if (c instanceof MeanCombination) {
            return y.mean();
        }
        if (c instanceof MaxCombination max) {
            double st = (max.negate() ? -1.0 : 1.0) * max.scale();
            NDArray a = y.mul(st);
            NDArray m = a.max().stopGradient();
            NDArray q = a.sub(m).exp().sum().log().add(m);
            return q.div(st);
        }
        if (c instanceof BoltzmannCombination b) {
            NDArray w = y.mul(-1.0 / b.kT()).softmax(0);
            return w.mul(y).sum();
        }
        throw new IllegalArgumentException("no oracle for " + c);
    }

    /**
     * The test loss: (pK(ŷ) − label)² + lambda·Σ_i (y_i − z_i)², pK = −ŷ/ln 10.
     *
     * @param y (N) pose predictions on the graph
     * @param z (N) per-pose targets (ignored when lambda = 0)
     */
    static NDArray loss(Combination c, NDArray y, double label, double lambda, double[] z) {
        NDArray pk = combine(c, y).mul(-1.0 / Math.log(10.0));
        NDArray d = pk.sub(label);
        NDArray l = d.mul(d);
        if (lambda != 0.0) {
            NDArray e = y.sub(y.getManager().create(z).toType(y.getDataType(), false));
            l = l.add(e.mul(e).sum().mul(lambda));
        }
        return l;
    }

    /** The same loss in Java doubles with its gradients, for the code under test. */
    static CompoundLoss javaLoss(double label, double lambda, double[] z) {
        Readout pk = new PKReadout();
        return r -> {
            double d = pk.apply(r.combined()) - label;
            double loss = d * d;
            double[] dy = new double[lambda != 0.0 ? r.poseCount() : 0];
            for (int i = 0; i < dy.length; i++) {
                double e = r.prediction(i) - z[i];
                loss += lambda * e * e;
                dy[i] = 2 * lambda * e;
            }
            return new LossGradient(loss, pk.backward(r.combined(), 2 * d), dy);
        };
    }
}
