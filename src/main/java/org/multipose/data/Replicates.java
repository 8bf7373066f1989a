package org.multipose.data;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.StringJoiner;
import org.multipose.base.Reject;

/**
 * The rule that merges replicate measurements (several accepted rows with one {@link CompoundKey}) into one label:
 * <ol>
 *   <li><b>One measure per label.</b> The measure of the first row in file order wins; rows of another measure are
 *       rejected ("replicate with a different measure").</li>
 *   <li><b>Exact values win.</b> When at least one row is exact ({@code =}), the label is the mean of the exact pK
 *       values, n = their count, and censored rows are rejected ("censored replicate superseded"): a bound adds
 *       nothing to an exact value measured in the same table.</li>
 *   <li><b>σ of a mean</b> of n ≥ 2 exact values is the larger of the propagated error √(Σσᵢ²)/n (when every row has
 *       a σ) and the standard error of the spread s/√n (sample standard deviation), so disagreeing replicates are
 *       not reported as precise. Without a σ on every row the spread alone is used, and identical values then
 *       give no σ (not σ = 0). One exact row keeps its own σ (or none).</li>
 *   <li><b>Only bounds.</b> When all rows are censored in the same direction on pK, the tightest bound is kept (the
 *       largest lower bound for {@code >}, the smallest upper bound for {@code <}), with that row's σ, and n counts
 *       all of them. Bounds in both directions without an exact value reject every row of the compound
 *       ("conflicting censored replicates").</li>
 *   <li>The label's date is the earliest date of the rows used; the compound's SMILES the first non-empty one.</li>
 *   <li>A merged σ above the σ limit rejects the compound ("replicate σ above limit"), naming all its lines.</li>
 * </ol>
 */
public final class Replicates {

    /**
     * The merged label (empty when every row was rejected), the SMILES of the rows used (first non-empty, else ""),
     * and the rejects the merge produced.
     */
    public record Merged(Optional<AffinityLabel> label, String smiles, List<Reject> rejects) {
        public Merged {
            java.util.Objects.requireNonNull(label, "label");
            java.util.Objects.requireNonNull(smiles, "smiles");
            rejects = List.copyOf(rejects);
        }
    }

    private Replicates() {}

    /**
     * Merges the accepted rows of one compound (non-empty, one key, in file order).
     *
     * @param file       the table's file name, for rejects
     * @param rows       accepted rows of one compound
     * @param sigmaLimit σ limit in pK units (+∞ for none)
     */
    public static Merged merge(String file, List<Measurement> rows, double sigmaLimit) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no rows to merge");
        }
        CompoundKey key = rows.get(0).key();
        List<Reject> rejects = new ArrayList<>();
        Measurement first = rows.get(0);
        List<Measurement> same = new ArrayList<>();
        for (Measurement m : rows) {
            if (!m.key().equals(key)) {
                throw new IllegalArgumentException("rows of two compounds: " + key + " and " + m.key());
            }
            if (m.measure() == first.measure()) {
                same.add(m);
            } else {
                rejects.add(reject(file, m, "replicate with a different measure: " + m.measure().label()
                        + " here, " + first.measure().label() + " in line " + first.line()
                        + " (the first row of this compound); one label keeps one measure"));
            }
        }
        List<Measurement> exact = new ArrayList<>();
        List<Measurement> censored = new ArrayList<>();
        for (Measurement m : same) {
            (m.qualifier() == Qualifier.EQUAL ? exact : censored).add(m);
        }

        List<Measurement> used;
        double pk;
        Qualifier qualifier;
        OptionalDouble sigma;
        if (!exact.isEmpty()) {
            for (Measurement m : censored) {
                rejects.add(reject(file, m, "censored replicate superseded: " + exact.size()
                        + " exact measurement(s) of this compound are used (" + lines(exact) + ")"));
            }
            used = exact;
            qualifier = Qualifier.EQUAL;
            pk = mean(exact);
            sigma = meanSigma(exact, pk);
        } else {
            boolean anyLess = false;
            boolean anyGreater = false;
            for (Measurement m : censored) {
                anyLess |= m.qualifier() == Qualifier.LESS;
                anyGreater |= m.qualifier() == Qualifier.GREATER;
            }
            if (anyLess && anyGreater) {
                for (Measurement m : censored) {
                    rejects.add(reject(file, m, "conflicting censored replicates: bounds in both directions on pK"
                            + " and no exact value (" + lines(censored) + ")"));
                }
                return new Merged(Optional.empty(), "", rejects);
            }
            used = censored;
            qualifier = censored.get(0).qualifier();
            Measurement tightest = censored.get(0);
            for (Measurement m : censored) {
                boolean tighter = qualifier == Qualifier.GREATER ? m.pk() > tightest.pk() : m.pk() < tightest.pk();
                if (tighter) {
                    tightest = m;
                }
            }
            pk = tightest.pk();
            sigma = tightest.sigmaPk();
        }

        if (sigma.isPresent() && sigma.getAsDouble() > sigmaLimit && used.size() > 1) {
            rejects.add(new Reject(file, lines(used), key.compoundId(), String.format(java.util.Locale.ROOT,
                    "replicate σ above limit: σ of the merged %d replicates = %.4g pK > limit %.4g",
                    used.size(), sigma.getAsDouble(), sigmaLimit)));
            return new Merged(Optional.empty(), "", rejects);
        }
        Optional<LocalDate> date = Optional.empty();
        String smiles = "";
        for (Measurement m : used) {
            if (m.date().isPresent() && (date.isEmpty() || m.date().get().isBefore(date.get()))) {
                date = m.date();
            }
            if (smiles.isEmpty()) {
                smiles = m.smiles();
            }
        }
        AffinityLabel label = new AffinityLabel(key, first.measure(), pk, qualifier, sigma, used.size(), date);
        return new Merged(Optional.of(label), smiles, rejects);
    }

    private static double mean(List<Measurement> ms) {
        double s = 0;
        for (Measurement m : ms) {
            s += m.pk();
        }
        return s / ms.size();
    }

    private static OptionalDouble meanSigma(List<Measurement> exact, double mean) {
        int n = exact.size();
        if (n == 1) {
            return exact.get(0).sigmaPk();
        }
        double ss = 0;
        boolean allHaveSigma = true;
        double sumVar = 0;
        for (Measurement m : exact) {
            double d = m.pk() - mean;
            ss += d * d;
            if (m.sigmaPk().isPresent()) {
                sumVar += m.sigmaPk().getAsDouble() * m.sigmaPk().getAsDouble();
            } else {
                allHaveSigma = false;
            }
        }
        double spread = Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
        if (!allHaveSigma) {
            // identical values without errors (often a row entered twice) say nothing about precision: no σ,
            // rather than σ = 0, which a Gaussian likelihood would treat as exact
            return spread > 0 ? OptionalDouble.of(spread) : OptionalDouble.empty();
        }
        return OptionalDouble.of(Math.max(spread, Math.sqrt(sumVar) / n));
    }

    private static Reject reject(String file, Measurement m, String reason) {
        return new Reject(file, "line " + m.line(), m.key().compoundId(), reason);
    }

    private static String lines(List<Measurement> ms) {
        StringJoiner j = new StringJoiner(", ", ms.size() == 1 ? "line " : "lines ", "");
        for (Measurement m : ms) {
            j.add(Integer.toString(m.line()));
        }
        return j.toString();
    }
}
