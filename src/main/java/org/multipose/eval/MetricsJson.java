package org.multipose.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code metrics.json}: every number of an {@link EvaluationReport}, machine-readable. Undefined values are JSON
 * {@code null} with the reason beside them. The layout (format {@value #FORMAT}) is documented in
 * docs/guide/evaluation.md ("The report directory").
 */
public final class MetricsJson {

    /** File name in a report directory. */
    public static final String FILE = "metrics.json";
    /** Format tag written at the top, bumped when the layout changes incompatibly. */
    public static final String FORMAT = "multipose-metrics/2";
    /** The interval method, in words, as written into the file and the report. */
    public static final String METHOD = "paired percentile bootstrap over compounds: each resample draws n"
            + " compounds with replacement, keeping each compound's prediction, baselines and label together; every"
            + " predictor and every paired difference is computed on the same resamples; the interval is the"
            + " (1-c)/2 and (1+c)/2 percentiles of the resampled values (linear interpolation, numpy's default);"
            + " resamples on which a value is undefined are left out and counted";

    private MetricsJson() {}

    /** The document as a Jackson tree. */
    public static ObjectNode toJson(EvaluationReport report, ReportContext context) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("format", FORMAT);
        root.put("generator", context.generator());
        root.put("predictions", context.predictions());
        root.put("compounds", report.table().compounds().size());
        root.put("poses", report.table().poses().size());
        ArrayNode targets = root.putArray("targets");
        report.table().targets().forEach(targets::add);
        ObjectNode b = root.putObject("bootstrap");
        b.put("method", METHOD);
        b.put("resamples", report.options().resamples());
        b.put("seed", report.options().seed());
        b.put("confidence", report.options().confidence());
        root.put("censored_labels", "excluded from every metric, counted per group (censored_excluded)");
        ObjectNode predictors = root.putObject("predictors");
        for (Predictor p : Predictor.values()) {
            predictors.put(p.key(), p.description());
        }
        num(root, "train_mean_pk", report.trainMeanPk().isPresent() ? report.trainMeanPk().getAsDouble()
                : Double.NaN);
        root.put("train_labels", report.trainLabels());
        root.put("pooled", report.pooled());
        Optional<GroupEvaluation> h = report.headline();
        if (h.isPresent()) {
            ObjectNode hn = root.putObject("headline");
            hn.put("split", h.get().split());
            hn.putNull("target");
            Optional<TargetMean> mean = report.targetMean(h.get().split());
            hn.put("per_target", mean.isPresent());
            hn.put("targets", h.get().targets());
        } else {
            root.putNull("headline");
        }
        ArrayNode warnings = root.putArray("warnings");
        ReportWarnings.of(report).forEach(warnings::add);
        ArrayNode groups = root.putArray("groups");
        for (GroupEvaluation g : report.groups()) {
            groups.add(group(m, g));
        }
        ArrayNode means = root.putArray("target_means");
        for (TargetMean t : report.targetMeans()) {
            ObjectNode x = means.addObject();
            x.put("split", t.split());
            ArrayNode ts = x.putArray("targets");
            t.targets().forEach(ts::add);
            ArrayNode ex = x.putArray("excluded_targets");
            t.excluded().forEach(ex::add);
            predictors(x.putObject("predictors"), t.results());
            comparisons(x.putArray("comparisons"), t.comparisons());
        }
        ObjectNode prov = root.putObject("provenance");
        for (Map.Entry<String, String> e : context.provenance().entrySet()) {
            prov.put(e.getKey(), e.getValue());
        }
        if (context.runDir().isEmpty()) {
            root.putNull("run");
        } else {
            ObjectNode run = root.putObject("run");
            run.put("dir", context.runDir());
            run.put("config", !context.config().isEmpty());
            if (context.history().isPresent()) {
                run.put("epochs", context.history().get().epochs());
            } else {
                run.putNull("epochs");
            }
        }
        return root;
    }

    /** Writes the document (pretty-printed, UTF-8) to {@code file}. */
    public static void write(EvaluationReport report, ReportContext context, Path file) {
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(),
                    toJson(report, context));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static ObjectNode group(ObjectMapper m, GroupEvaluation g) {
        ObjectNode o = m.createObjectNode();
        o.put("split", g.split());
        if (g.target().isPresent()) {
            o.put("target", g.target().get());
        } else {
            o.putNull("target");
        }
        o.put("targets", g.targets());
        o.put("pooled", g.pooled());
        o.put("compounds", g.compounds());
        o.put("labelled", g.labelled());
        o.put("unlabelled", g.unlabelled());
        o.put("censored_excluded", g.censored());
        o.put("exact", g.exact());
        if (g.spread().isPresent()) {
            PredictionSpread sp = g.spread().get();
            ObjectNode x = o.putObject("prediction_spread");
            x.put("n", sp.n());
            num(x, "prediction_sd", sp.predictionSd());
            num(x, "label_sd", sp.labelSd());
            num(x, "ratio", sp.ratio());
            x.put("near_constant", sp.nearConstant());
        } else {
            o.putNull("prediction_spread");
        }
        predictors(o.putObject("predictors"), g.results());
        comparisons(o.putArray("comparisons"), g.comparisons());
        poses(o, g);
        return o;
    }

    private static void predictors(ObjectNode ps, List<PredictorResult> results) {
        for (PredictorResult r : results) {
            ObjectNode p = ps.putObject(r.predictor().key());
            p.put("available", r.available());
            p.put("unavailable_reason", r.unavailable());
            p.put("n", r.n());
            ObjectNode ms = p.putObject("metrics");
            for (MetricEstimate e : r.estimates()) {
                ObjectNode x = ms.putObject(e.metric().key());
                num(x, "value", e.value());
                num(x, "ci_lower", e.lower());
                num(x, "ci_upper", e.upper());
                x.put("confidence", e.confidence());
                x.put("n", e.n());
                x.put("resamples", e.resamples());
                x.put("undefined_resamples", e.undefinedResamples());
                x.put("defined", e.defined());
                x.put("undefined_reason", e.undefined());
            }
        }
    }

    private static void comparisons(ArrayNode cs, List<Comparison> comparisons) {
        for (Comparison c : comparisons) {
            MetricDifference d = c.difference();
            ObjectNode x = cs.addObject();
            x.put("baseline", c.baseline().key());
            x.put("metric", d.metric().key());
            x.put("n", d.n());
            num(x, "model", d.a());
            num(x, "baseline_value", d.b());
            num(x, "difference", d.difference());
            num(x, "ci_lower", d.lower());
            num(x, "ci_upper", d.upper());
            x.put("confidence", d.confidence());
            x.put("resamples", d.resamples());
            x.put("undefined_resamples", d.undefinedResamples());
            x.put("verdict", c.verdictText());
            x.put("undefined_reason", d.undefined());
        }
    }

    private static void poses(ObjectNode o, GroupEvaluation g) {
        if (g.poses().isPresent()) {
            PoseAnalysis a = g.poses().get();
            ObjectNode x = o.putObject("poses");
            x.put("compounds", a.compounds());
            x.put("poses", a.poses());
            x.put("rmsd_threshold", PoseAnalysis.THRESHOLD);
            x.put("top_dock_by_score", a.topDockByScore());
            x.put("top_dock_by_pose_index", a.compounds() - a.topDockByScore());
            x.put("top_weight_lowest_rmsd", a.topWeightLowestRmsd());
            x.put("top_dock_lowest_rmsd", a.topDockLowestRmsd());
            interval(x.putObject("lowest_rmsd_rate_difference"), a.lowestRmsdDifference());
            x.put("top_weight_below_threshold", a.topWeightBelow());
            x.put("top_dock_below_threshold", a.topDockBelow());
            x.put("any_below_threshold", a.anyBelow());
            num(x, "mean_weight_below_threshold", a.meanWeightBelow());
            num(x, "mean_fraction_below_threshold", a.meanFractionBelow());
            interval(x.putObject("weight_below_excess"), a.weightBelowExcess());
            x.put("resamples", a.resamples());
            x.put("confidence", a.confidence());
        } else {
            o.putNull("poses");
        }
    }

    private static void interval(ObjectNode x, PoseAnalysis.Interval i) {
        num(x, "value", i.value());
        num(x, "ci_lower", i.lower());
        num(x, "ci_upper", i.upper());
    }

    /** A number, or null when NaN (JSON has no NaN). */
    private static void num(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }
}
