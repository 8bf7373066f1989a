package org.multipose.eval;

import java.util.Objects;
import java.util.OptionalDouble;
import org.multipose.data.Qualifier;

/**
 * A compound's measured affinity as a predictions table carries it, in pK units (−log10 of the molar quantity).
 *
 * @param pk        the label (or the bound, when censored), finite
 * @param qualifier censoring on pK: {@code >} = the true pK is above {@code pk}, {@code <} = below
 * @param sigmaPk   the label's standard error in pK units, when known (≥ 0)
 */
public record PkLabel(double pk, Qualifier qualifier, OptionalDouble sigmaPk) {

    public PkLabel {
        Objects.requireNonNull(qualifier, "qualifier");
        Objects.requireNonNull(sigmaPk, "sigmaPk");
        if (!Double.isFinite(pk)) {
            throw new IllegalArgumentException("label pK must be finite: " + pk);
        }
        if (sigmaPk.isPresent() && !(sigmaPk.getAsDouble() >= 0 && Double.isFinite(sigmaPk.getAsDouble()))) {
            throw new IllegalArgumentException("sigma must be finite and >= 0: " + sigmaPk.getAsDouble());
        }
    }

    /** An exact label without σ. */
    public static PkLabel exact(double pk) {
        return new PkLabel(pk, Qualifier.EQUAL, OptionalDouble.empty());
    }

    /** True for a bound ({@code <} or {@code >}). */
    public boolean censored() {
        return qualifier.isCensored();
    }
}
