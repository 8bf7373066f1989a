package org.multipose.combination;

/**
 * Maps a combined free energy ŷ (kT) to an assay unit, with its derivative for the chain rule. Apply it
 * to the combined value: applied per pose before a smooth minimum it would pick the weakest pose, since the readouts
 * of free energies reverse the order (pK = −ŷ/ln 10).
 */
public interface Readout {

    /** The readout value r(ŷ) in {@link #unit()}. */
    double apply(double combinedKT);

    /** dr/dŷ at ŷ (unit per kT). */
    double derivative(double combinedKT);

    /** The inverse, ŷ(r): a label in this readout's unit as a free energy in kT. */
    double inverse(double value);

    /** Unit name, e.g. {@code pK}, {@code pIC50}, {@code kcal/mol}. */
    String unit();

    /** dL/dŷ = dL/dr · dr/dŷ. */
    default double backward(double combinedKT, double dLossDReadout) {
        return dLossDReadout * derivative(combinedKT);
    }
}
