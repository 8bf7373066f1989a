package org.multipose.data;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Counts and label statistics of a dataset's compound table, shared by {@code summary.json} and
 * {@code pipeline dataset stats}.
 *
 * @param compounds         compounds (rows of the compound table)
 * @param poses             poses over all compounds
 * @param labelled          compounds with a label
 * @param censored          labelled compounds whose label is a bound (&lt; or &gt;)
 * @param withSigma         labelled compounds with a σ
 * @param posesPerCompound  histogram: number of poses → number of compounds
 * @param labelsByMeasure   measure label (IC50, Ki, Kd, dG) → labelled compounds
 * @param exactPkMin        smallest pK among exact (uncensored) labels, empty when there is none
 * @param exactPkMax        largest pK among exact labels
 * @param exactPkMean       mean pK of exact labels
 * @param exactPkSd         sample standard deviation of exact pK (empty below 2 labels)
 * @param perTarget         target → (compounds, poses, labelled) of that target
 */
public record DatasetStats(
        int compounds,
        long poses,
        int labelled,
        int censored,
        int withSigma,
        SortedMap<Integer, Integer> posesPerCompound,
        SortedMap<String, Integer> labelsByMeasure,
        OptionalDouble exactPkMin,
        OptionalDouble exactPkMax,
        OptionalDouble exactPkMean,
        OptionalDouble exactPkSd,
        SortedMap<String, TargetCounts> perTarget) {

    /** Counts of one target. */
    public record TargetCounts(int compounds, long poses, int labelled) {}

    public DatasetStats {
        posesPerCompound = Collections.unmodifiableSortedMap(new TreeMap<>(posesPerCompound));
        labelsByMeasure = Collections.unmodifiableSortedMap(new TreeMap<>(labelsByMeasure));
        perTarget = Collections.unmodifiableSortedMap(new TreeMap<>(perTarget));
    }

    public int targets() {
        return perTarget.size();
    }

    public int unlabelled() {
        return compounds - labelled;
    }

    /** Statistics of the given compound rows. */
    public static DatasetStats of(List<CompoundRecord> rows) {
        long poses = 0;
        int labelled = 0;
        int censored = 0;
        int withSigma = 0;
        SortedMap<Integer, Integer> hist = new TreeMap<>();
        SortedMap<String, Integer> byMeasure = new TreeMap<>();
        Map<String, long[]> targets = new TreeMap<>();
        int nExact = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (CompoundRecord c : rows) {
            poses += c.nPoses();
            hist.merge(c.nPoses(), 1, Integer::sum);
            long[] t = targets.computeIfAbsent(c.key().target(), k -> new long[3]);
            t[0]++;
            t[1] += c.nPoses();
            if (c.label().isPresent()) {
                AffinityLabel l = c.label().get();
                t[2]++;
                labelled++;
                byMeasure.merge(l.measure().label(), 1, Integer::sum);
                if (l.sigmaPk().isPresent()) {
                    withSigma++;
                }
                if (l.isCensored()) {
                    censored++;
                } else {
                    nExact++;
                    min = Math.min(min, l.pk());
                    max = Math.max(max, l.pk());
                    sum += l.pk();
                }
            }
        }
        OptionalDouble mean = nExact == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / nExact);
        OptionalDouble sd = OptionalDouble.empty();
        if (nExact >= 2) {
            double ss = 0;
            for (CompoundRecord c : rows) {
                if (c.label().isPresent() && !c.label().get().isCensored()) {
                    double d = c.label().get().pk() - mean.getAsDouble();
                    ss += d * d;
                }
            }
            sd = OptionalDouble.of(Math.sqrt(ss / (nExact - 1)));
        }
        SortedMap<String, TargetCounts> perTarget = new TreeMap<>();
        for (Map.Entry<String, long[]> e : targets.entrySet()) {
            long[] t = e.getValue();
            perTarget.put(e.getKey(), new TargetCounts((int) t[0], t[1], (int) t[2]));
        }
        return new DatasetStats(rows.size(), poses, labelled, censored, withSigma, hist, byMeasure,
                nExact == 0 ? OptionalDouble.empty() : OptionalDouble.of(min),
                nExact == 0 ? OptionalDouble.empty() : OptionalDouble.of(max), mean, sd, perTarget);
    }
}
