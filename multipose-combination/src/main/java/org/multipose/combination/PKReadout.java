package org.multipose.combination;

/** pK (pKi, pKd) = −ŷ / ln 10, ŷ in kT; dr/dŷ = −1/ln 10. */
public record PKReadout() implements Readout {

    static final double LN10 = Math.log(10.0);

    @Override
    public double apply(double combinedKT) {
        return -combinedKT / LN10;
    }

    @Override
    public double derivative(double combinedKT) {
        return -1.0 / LN10;
    }

    @Override
    public double inverse(double value) {
        return -value * LN10;
    }

    @Override
    public String unit() {
        return "pK";
    }
}
