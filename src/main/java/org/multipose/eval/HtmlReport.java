package org.multipose.eval;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code report.html}: one self-contained page (images embedded as base64 PNG, inline CSS, no scripts, fonts or
 * other external assets), written as well-formed XHTML so a strict XML parser reads it. Headline first (the
 * headline split's numbers against the baselines with intervals and paired differences), then figures, every
 * group's tables, the pose analysis, training curves, the run's provenance and config, and how the numbers were
 * computed. Every string from the inputs (compound ids, targets, config text, provenance) is escaped.
 *
 * <p><b>Size.</b> Over 600 lines because it is one page: the sections are written in page order by small methods
 * over one XHTML builder; splitting them across classes would scatter the page's markup and escaping rules.
 */
public final class HtmlReport {

    /** File name in a report directory. */
    public static final String FILE = "report.html";

    private static final List<Metric> METRICS = List.of(Metric.values());
    /** Below this many exact labels a group's intervals are flagged as unreliable. */
    static final int SMALL_N = 10;
    /** Rows of the largest-errors table. */
    static final int LARGEST_ERRORS = 10;

    private final EvaluationReport report;
    private final ReportContext context;
    private final List<Plot> plots;
    private final Map<String, byte[]> png;
    private final StringBuilder b = new StringBuilder(1 << 16);

    private HtmlReport(EvaluationReport report, ReportContext context, List<Plot> plots, Map<String, byte[]> png) {
        this.report = report;
        this.context = context;
        this.plots = plots;
        this.png = png;
    }

    /**
     * The page. {@code png} holds each plot's rendered PNG by {@link Plot#name()} (rendered once by the caller,
     * which also writes them as files).
     */
    public static String render(EvaluationReport report, ReportContext context, List<Plot> plots,
            Map<String, byte[]> png) {
        return new HtmlReport(report, context, plots, png).page();
    }

    private String page() {
        b.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<title>multipose evaluation report</title>\n<style>\n").append(CSS).append("</style>\n")
                .append("</head>\n<body>\n<main>\n");
        header();
        summary();
        figures();
        groups();
        poses();
        training();
        run();
        method();
        b.append("</main>\n</body>\n</html>\n");
        return b.toString();
    }

    private void header() {
        PredictionTable t = report.table();
        b.append("<h1>multipose evaluation report</h1>\n<p class=\"meta\">");
        b.append("Predictions: <code>").append(esc(context.predictions())).append("</code> · ")
                .append(t.compounds().size()).append(" compounds, ").append(t.targets().size())
                .append(t.targets().size() == 1 ? " target" : " targets").append(", ").append(t.poses().size())
                .append(" poses");
        Optional<String> fp = context.fingerprint();
        if (fp.isPresent()) {
            b.append(" · dataset <code>").append(esc(shorten(fp.get()))).append("</code>");
        }
        b.append(" · ").append(esc(context.generator())).append("</p>\n");
    }

    private void summary() {
        b.append("<section id=\"summary\">\n");
        Optional<GroupEvaluation> h = report.headline();
        if (h.isEmpty()) {
            b.append("<h2>Summary</h2>\n<p class=\"warn\">No compound has an exact label, so there are no metrics."
                    + " Counts per split are below.</p>\n");
            for (GroupEvaluation g : report.groups()) {
                if (g.target().isEmpty()) {
                    b.append("<p>").append(esc(g.title())).append(": ").append(counts(g)).append("</p>\n");
                }
            }
            b.append("</section>\n");
            return;
        }
        GroupEvaluation g = h.get();
        Optional<TargetMean> mean = report.targetMean(g.split());
        for (String w : ReportWarnings.of(report)) {
            b.append("<p class=\"warn\"><b>Warning:</b> ").append(esc(w)).append(".</p>\n");
        }
        if (mean.isPresent()) {
            perTargetSummary(g, mean.get());
        } else {
            b.append("<h2>Summary: ").append(esc(g.split())).append(" split</h2>\n");
            b.append("<p class=\"lead\">").append(headlineSentence(g.split(), g.exact(), "", g.results(),
                    g.comparisons())).append("</p>\n");
            b.append("<p>").append(counts(g)).append(". ").append(spreadText(g)).append(" Intervals: ")
                    .append(pct(report.options().confidence())).append(" paired percentile bootstrap, ")
                    .append(report.options().resamples()).append(" resamples, seed ").append(report.options().seed())
                    .append(".</p>\n");
            metricTable(g.results());
            comparisonTable(g.comparisons());
        }
        largestErrors(g.split());
        b.append("</section>\n");
    }

    /**
     * The headline of a split with several targets: each target's model metrics first, then the mean over targets
     * against the baselines with the mean paired differences, the per-target ranking against docking, and the
     * pooled numbers only when asked for, titled as pooled.
     */
    private void perTargetSummary(GroupEvaluation g, TargetMean mean) {
        List<GroupEvaluation> perTarget = report.perTarget(g.split());
        b.append("<h2>Summary: ").append(esc(g.split())).append(" split, per target (").append(perTarget.size())
                .append(" targets)</h2>\n");
        b.append("<p class=\"lead\">").append(headlineSentence(g.split(), g.exact(), mean.title(), mean.results(),
                mean.comparisons())).append("</p>\n");
        b.append("<p>").append(counts(g)).append(". Several targets are scored per target and averaged (as FEP"
                + " benchmarks report them): a correlation pooled over targets mixes their affinity ranges and"
                + " offsets").append(report.pooled() ? "; the pooled numbers follow, labelled as such."
                        : ", so it is shown only on request (--pooled).").append(" Intervals: ")
                .append(pct(report.options().confidence())).append(" percentile bootstrap resampling within each"
                        + " target, ").append(report.options().resamples()).append(" resamples, seed ")
                .append(report.options().seed()).append(".</p>\n");
        b.append("<h3>Per target, ").append(esc(g.split())).append(" split: the model</h3>\n");
        targetModelTable(perTarget);
        b.append("<h3>").append(esc(mean.title().substring(0, 1).toUpperCase(Locale.ROOT)
                + mean.title().substring(1))).append(": model and baselines</h3>\n");
        if (!mean.excluded().isEmpty()) {
            b.append("<p class=\"note\">Not averaged (fewer than ").append(TargetMean.MIN_LABELS)
                    .append(" exact labels): ").append(esc(String.join(", ", mean.excluded()))).append(".</p>\n");
        }
        metricTable(mean.results());
        comparisonTable(mean.comparisons());
        perTargetTable(g.split(), perTarget);
        if (report.pooled()) {
            b.append("<h3>").append(esc(g.title())).append(" (on request)</h3>\n<p class=\"note\">All ")
                    .append(g.targets()).append(" targets' compounds in one ranking: read with care, the targets'"
                            + " offsets alone can make a correlation. ").append(spreadText(g)).append("</p>\n");
            metricTable(g.results());
            comparisonTable(g.comparisons());
        }
    }

    /** One row per target: the model's metrics and its prediction SD next to the label SD. */
    private void targetModelTable(List<GroupEvaluation> perTarget) {
        b.append("<table class=\"metrics\">\n<thead><tr><th>target</th><th>n</th>");
        for (Metric m : METRICS) {
            b.append("<th>").append(esc(m.label())).append(m.isError() ? " (pK)" : "").append("</th>");
        }
        b.append("<th>prediction SD / label SD</th></tr></thead>\n<tbody>\n");
        for (GroupEvaluation t : perTarget) {
            PredictorResult r = t.result(Predictor.MODEL);
            b.append("<tr><th>").append(esc(t.target().get())).append("</th><td>").append(r.n()).append("</td>");
            for (Metric m : METRICS) {
                b.append("<td>").append(cell(r, m)).append("</td>");
            }
            b.append("<td").append(t.spread().map(x -> x.nearConstant() ? " class=\"small\"" : "").orElse(""))
                    .append(">").append(t.spread().map(x -> f2(x.predictionSd()) + " / " + f2(x.labelSd()))
                            .orElse("—")).append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n");
    }

    /** "Prediction SD 0.62 vs label SD 1.05 (59 %)." or "" when not scored. */
    private static String spreadText(GroupEvaluation g) {
        return g.spread().map(x -> esc(x.describe().substring(0, 1).toUpperCase(Locale.ROOT)
                + x.describe().substring(1)) + (x.nearConstant() ? " — nearly constant." : ".")).orElse("");
    }

    /** The compounds of a split the model misses most: where to look first. */
    private void largestErrors(String split) {
        List<CompoundPrediction> exact = new ArrayList<>();
        for (CompoundPrediction c : report.table().compounds()) {
            if (c.exact() && c.splitLabel().equals(split)) {
                exact.add(c);
            }
        }
        exact.sort(Comparator.comparingDouble((CompoundPrediction c) -> -Math.abs(error(c)))
                .thenComparing(CompoundPrediction::key));
        List<CompoundPrediction> shown = exact.subList(0, Math.min(LARGEST_ERRORS, exact.size()));
        b.append("<h3>Largest errors, ").append(esc(split)).append(" split</h3>\n<table class=\"errors\">\n")
                .append("<thead><tr><th>target</th><th>compound</th><th>measured pK</th><th>predicted pK</th>")
                .append("<th>error</th><th>poses</th><th>top pose (weight)</th><th>heavy atoms</th>")
                .append("<th>dock score</th></tr></thead>\n<tbody>\n");
        for (CompoundPrediction c : shown) {
            b.append("<tr><td class=\"text\">").append(esc(c.key().target())).append("</td><td class=\"text\">")
                    .append(esc(c.key().compoundId())).append("</td><td>").append(f2(c.label().get().pk()))
                    .append("</td><td>").append(f2(c.predictedPk())).append("</td><td>").append(signed(error(c)))
                    .append("</td><td>").append(c.nPoses()).append("</td><td>").append(c.topPose()).append(" (")
                    .append(f2(c.topWeight())).append(")</td><td>").append(c.heavyAtoms()).append("</td><td>")
                    .append(c.dockScore().isPresent() ? f2(c.dockScore().getAsDouble()) : "—").append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n<p class=\"note\">The ").append(shown.size()).append(" of ")
                .append(exact.size()).append(" exact labels with the largest |predicted − measured|; error ="
                        + " predicted − measured. Every compound is in predictions.csv.</p>\n");
    }

    private static double error(CompoundPrediction c) {
        return c.predictedPk() - c.label().get().pk();
    }

    /**
     * One sentence with the headline numbers: the model's Spearman and RMSE and the key differences ({@code over}:
     * "" for one group, "mean over 2 targets" for a per-target headline).
     */
    private String headlineSentence(String split, int exact, String over, List<PredictorResult> results,
            List<Comparison> comparisons) {
        StringBuilder s = new StringBuilder();
        PredictorResult model = results.get(0);
        s.append("On the ").append(esc(split)).append(" split (").append(exact).append(" exact labels")
                .append(over.isEmpty() ? "" : ", " + esc(over)).append("), the model's ");
        s.append(estimateText(model.get(Metric.SPEARMAN).get())).append(" and ")
                .append(estimateText(model.get(Metric.RMSE).get())).append(" pK.");
        List<String> parts = new ArrayList<>();
        for (Comparison c : comparisons) {
            boolean key = (c.baseline() == Predictor.TRAIN_MEAN && c.difference().metric() == Metric.RMSE)
                    || (c.baseline() != Predictor.TRAIN_MEAN && c.difference().metric() == Metric.SPEARMAN);
            if (key && c.difference().defined()) {
                MetricDifference d = c.difference();
                parts.add("vs " + esc(c.baseline().label()) + ": Δ" + esc(d.metric().label()) + " = "
                        + signed(d.difference()) + " " + interval(d.lower(), d.upper(), true) + " (<span class=\""
                        + verdictClass(c) + "\">" + c.verdictText() + "</span>)");
            }
        }
        if (!parts.isEmpty()) {
            s.append(" Paired differences, model − baseline: ").append(String.join("; ", parts)).append('.');
        }
        return s.toString();
    }

    private static String estimateText(MetricEstimate e) {
        if (!e.defined()) {
            return esc(e.metric().label()) + " is undefined (" + esc(e.undefined()) + ")";
        }
        return esc(e.metric().label()) + " is <b>" + f2(e.value()) + "</b> " + interval(e.lower(), e.upper(), false);
    }

    private static String counts(GroupEvaluation g) {
        return g.compounds() + " compounds: " + g.exact() + " with exact labels (used), " + g.censored()
                + " censored (excluded), " + g.unlabelled() + " unlabelled";
    }

    /** Predictors × metrics with intervals; undefined cells explained under the table. */
    private void metricTable(List<PredictorResult> results) {
        b.append("<table class=\"metrics\">\n<thead><tr><th>predictor</th><th>n</th>");
        for (Metric m : METRICS) {
            b.append("<th>").append(esc(m.label())).append(m.isError() ? " (pK)" : "").append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        Map<String, List<String>> undefined = new LinkedHashMap<>(); // "predictor: reason" -> metrics
        for (PredictorResult r : results) {
            b.append("<tr").append(r.predictor() == Predictor.MODEL ? " class=\"model\"" : "").append("><th>")
                    .append(esc(r.predictor().label())).append("</th>");
            if (!r.available()) {
                b.append("<td class=\"na\" colspan=\"").append(METRICS.size() + 1).append("\">not available: ")
                        .append(esc(r.unavailable())).append("</td></tr>\n");
                continue;
            }
            b.append("<td>").append(r.n()).append("</td>");
            for (Metric m : METRICS) {
                Optional<MetricEstimate> e = r.get(m);
                if (e.isEmpty()) {
                    b.append("<td class=\"na\">—</td>");
                } else if (!e.get().defined()) {
                    b.append("<td class=\"na\">undefined</td>");
                    undefined.computeIfAbsent(r.predictor().label() + "|" + e.get().undefined(),
                            k -> new ArrayList<>()).add(m.label());
                } else {
                    b.append("<td>").append(f2(e.get().value())).append(' ')
                            .append(interval(e.get().lower(), e.get().upper(), false)).append("</td>");
                }
            }
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n<p class=\"note\">— = not computed (a score in other units has no error in"
                + " pK; only its ranking is scored). Docking score is ranked as −score (lower score = tighter).");
        for (Map.Entry<String, List<String>> e : undefined.entrySet()) {
            String[] pr = e.getKey().split("\\|", 2);
            b.append(' ').append(esc(pr[0])).append(": ").append(esc(String.join(", ", e.getValue())))
                    .append(" undefined (").append(esc(pr[1])).append(pr[0].equals(Predictor.TRAIN_MEAN.label())
                            ? ": a constant ranks nothing" : "").append(").");
        }
        b.append("</p>\n");
    }

    private void comparisonTable(List<Comparison> comparisons) {
        if (comparisons.isEmpty()) {
            return;
        }
        b.append("<h3>Model vs baselines (paired bootstrap of model − baseline)</h3>\n")
                .append("<table class=\"comparisons\">\n<thead><tr><th>baseline</th><th>metric</th><th>n</th>")
                .append("<th>model</th><th>baseline</th><th>Δ = model − baseline</th><th>verdict</th></tr></thead>\n")
                .append("<tbody>\n");
        for (Comparison c : comparisons) {
            MetricDifference d = c.difference();
            b.append("<tr><th>").append(esc(c.baseline().label())).append("</th><td>").append(esc(d.metric().label()))
                    .append("</td><td>").append(d.n()).append("</td><td>").append(f2(d.a())).append("</td><td>")
                    .append(f2(d.b())).append("</td><td>");
            if (d.defined()) {
                b.append(signed(d.difference())).append(' ').append(interval(d.lower(), d.upper(), true));
            } else {
                b.append("<span class=\"na\">undefined (").append(esc(d.undefined())).append(")</span>");
            }
            b.append("</td><td class=\"").append(verdictClass(c)).append("\">").append(c.verdictText())
                    .append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n<p class=\"note\">The model is better when the whole interval of Δ lies above 0"
                + " for correlations, below 0 for errors (MAE, RMSE). Both predictors are scored on the same"
                + " resamples, so this is the interval of the difference itself.</p>\n");
    }

    private void perTargetTable(String split, List<GroupEvaluation> groups) {
        b.append("<h3>Per target, ").append(esc(split)).append(" split: Spearman ρ</h3>\n")
                .append("<table class=\"targets\">\n<thead><tr><th>target</th><th>n</th><th>model</th>")
                .append("<th>docking score</th><th>Δ model − docking</th><th>verdict</th><th>heavy atoms</th>")
                .append("</tr></thead>\n<tbody>\n");
        boolean small = false;
        for (GroupEvaluation g : groups) {
            boolean fewer = g.exact() < SMALL_N;
            small |= fewer;
            b.append("<tr><th>").append(esc(g.target().get())).append("</th><td")
                    .append(fewer ? " class=\"small\"" : "").append(">").append(g.exact()).append(fewer ? "*" : "").append("</td><td>")
                    .append(cell(g.result(Predictor.MODEL), Metric.SPEARMAN)).append("</td><td>")
                    .append(cell(g.result(Predictor.DOCK_SCORE), Metric.SPEARMAN)).append("</td>");
            Optional<Comparison> c = g.comparison(Predictor.DOCK_SCORE, Metric.SPEARMAN);
            if (c.isPresent() && c.get().difference().defined()) {
                MetricDifference d = c.get().difference();
                b.append("<td>").append(signed(d.difference())).append(' ').append(interval(d.lower(), d.upper(), true))
                        .append("</td><td class=\"").append(verdictClass(c.get())).append("\">")
                        .append(c.get().verdictText()).append("</td>");
            } else {
                b.append("<td class=\"na\">—</td><td class=\"na\">—</td>");
            }
            b.append("<td>").append(cell(g.result(Predictor.HEAVY_ATOMS), Metric.SPEARMAN)).append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n");
        if (small) {
            b.append("<p class=\"note\">* Fewer than ").append(SMALL_N).append(" exact labels: a percentile bootstrap"
                    + " interval is too narrow at this size (its resamples repeat the same few compounds); read"
                    + " these rows as anecdotes.</p>\n");
        }
    }

    private static String cell(PredictorResult r, Metric m) {
        if (!r.available()) {
            return "<span class=\"na\">" + esc(r.unavailable()) + "</span>";
        }
        Optional<MetricEstimate> e = r.get(m);
        if (e.isEmpty()) {
            return "<span class=\"na\">—</span>";
        }
        if (!e.get().defined()) {
            return "<span class=\"na\">undefined (" + esc(e.get().undefined()) + ")</span>";
        }
        return f2(e.get().value()) + " " + interval(e.get().lower(), e.get().upper(), false);
    }

    private void figures() {
        List<Plot> main = new ArrayList<>();
        for (Plot p : plots) {
            if (!p.name().startsWith("training_")) {
                main.add(p);
            }
        }
        List<String> absent = ReportPlots.absent(report, context);
        if (main.isEmpty() && absent.isEmpty()) {
            return;
        }
        b.append("<section id=\"figures\">\n<h2>Figures</h2>\n<div class=\"grid\">\n");
        for (Plot p : main) {
            figure(p);
        }
        b.append("</div>\n");
        if (!absent.isEmpty()) {
            b.append("<p class=\"note\" id=\"absent\">Not drawn:</p>\n<ul class=\"note\">\n");
            for (String a : absent) {
                b.append("<li>").append(esc(a)).append(".</li>\n");
            }
            b.append("</ul>\n");
        }
        b.append("</section>\n");
    }

    private void figure(Plot p) {
        byte[] img = png.get(p.name());
        b.append("<figure>\n<img src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(img))
                .append("\" alt=\"").append(esc(p.title())).append("\" width=\"").append(ReportPlots.WIDTH)
                .append("\" height=\"").append(ReportPlots.HEIGHT).append("\"/>\n<figcaption>")
                .append(esc(p.caption())).append(" <span class=\"files\">(plots/").append(esc(p.name()))
                .append(".png, .svg)</span></figcaption>\n</figure>\n");
    }

    private void groups() {
        b.append("<section id=\"groups\">\n<h2>All splits</h2>\n");
        Optional<GroupEvaluation> h = report.headline();
        for (String split : EvaluationReport.SPLIT_ORDER) {
            Optional<GroupEvaluation> g = report.overall(split);
            if (g.isEmpty()) {
                continue;
            }
            b.append("<h3>").append(esc(g.get().title())).append("</h3>\n");
            if (g.equals(h)) {
                b.append("<p>The headline split: its tables are in the <a href=\"#summary\">summary</a>.</p>\n");
            } else {
                b.append("<p>").append(counts(g.get())).append(".</p>\n");
            }
            Optional<TargetMean> mean = report.targetMean(split);
            if (g.get().exact() > 0 && !g.equals(h)) {
                if (mean.isPresent()) {
                    b.append("<p>").append(esc(mean.get().title().substring(0, 1).toUpperCase(Locale.ROOT)
                            + mean.get().title().substring(1))).append(" (each target scored alone):</p>\n");
                    metricTable(mean.get().results());
                    comparisonTable(mean.get().comparisons());
                }
                if (mean.isEmpty() || report.pooled()) {
                    if (g.get().pooled()) {
                        b.append("<p class=\"note\">Pooled over targets, on request.</p>\n");
                    }
                    metricTable(g.get().results());
                    comparisonTable(g.get().comparisons());
                }
            }
            List<GroupEvaluation> perTarget = report.perTarget(split);
            if (!perTarget.isEmpty()) {
                b.append("<details>\n<summary>").append(esc(split)).append(" split per target (")
                        .append(perTarget.size()).append(" tables)</summary>\n");
                for (GroupEvaluation t : perTarget) {
                    b.append("<h4>").append(esc(t.title())).append("</h4>\n<p>").append(counts(t)).append(".</p>\n");
                    if (t.exact() > 0) {
                        metricTable(t.results());
                        comparisonTable(t.comparisons());
                    }
                }
                b.append("</details>\n");
            }
        }
        b.append("</section>\n");
    }

    private void poses() {
        List<GroupEvaluation> overall = new ArrayList<>();
        List<GroupEvaluation> perTarget = new ArrayList<>();
        for (GroupEvaluation g : report.groups()) {
            if (g.poses().isPresent()) {
                (g.target().isEmpty() ? overall : perTarget).add(g);
            }
        }
        if (overall.isEmpty()) {
            b.append("<section id=\"poses\">\n<h2>Pose weights</h2>\n<p class=\"note\">No pose analysis: ")
                    .append(report.table().hasPoses() ? "no compound has an RMSD to a reference pose on every pose"
                            + " (the rmsd column of pose_predictions.csv)." : "no per-pose predictions"
                            + " (pose_predictions.csv).").append("</p>\n</section>\n");
            return;
        }
        b.append("<section id=\"poses\">\n<h2>Pose weights</h2>\n<p>Compounds whose every pose has an RMSD to a"
                + " reference. <i>Lowest-RMSD</i>: the pose is one of the compound's lowest-RMSD poses. The top"
                + " docking pose is the lowest dock_score when every pose has one, else pose index 1. <i>Weight on"
                + " near poses</i>: the summed weight of the poses within ").append(PoseAnalysis.THRESHOLD)
                .append(" Å, against their fraction (what a plain mean gives them). Intervals: ")
                .append(pct(report.options().confidence())).append(" percentile bootstrap over compounds.</p>\n");
        poseTable(overall);
        if (!perTarget.isEmpty()) {
            b.append("<details>\n<summary>per target (").append(perTarget.size()).append(" rows)</summary>\n");
            poseTable(perTarget);
            b.append("</details>\n");
        }
        b.append("</section>\n");
    }

    private void poseTable(List<GroupEvaluation> groups) {
        String near = "&lt; " + BigDecimal.valueOf(PoseAnalysis.THRESHOLD).stripTrailingZeros().toPlainString()
                + " Å";
        b.append("<table class=\"poses\">\n<thead><tr><th>group</th><th>compounds</th>")
                .append("<th>top-weight = lowest RMSD</th><th>top docking = lowest RMSD</th><th>Δ</th>")
                .append("<th>top-weight ").append(near).append("</th><th>top docking ").append(near)
                .append("</th><th>any ").append(near).append("</th><th>weight on ").append(near)
                .append("</th><th>fraction ").append(near).append("</th><th>excess weight</th></tr></thead>\n")
                .append("<tbody>\n");
        for (GroupEvaluation g : groups) {
            PoseAnalysis a = g.poses().get();
            int n = a.compounds();
            b.append("<tr><th>").append(esc(g.title())).append("</th><td>").append(n).append("</td><td>")
                    .append(rate(a.topWeightLowestRmsd(), n)).append("</td><td>").append(rate(a.topDockLowestRmsd(), n))
                    .append("</td><td>").append(signed(a.lowestRmsdDifference().value())).append(' ')
                    .append(interval(a.lowestRmsdDifference().lower(), a.lowestRmsdDifference().upper(), true))
                    .append("</td><td>").append(rate(a.topWeightBelow(), n)).append("</td><td>")
                    .append(rate(a.topDockBelow(), n)).append("</td><td>").append(rate(a.anyBelow(), n))
                    .append("</td><td>").append(f2(a.meanWeightBelow())).append("</td><td>")
                    .append(f2(a.meanFractionBelow())).append("</td><td>").append(signed(a.weightBelowExcess().value()))
                    .append(' ').append(interval(a.weightBelowExcess().lower(), a.weightBelowExcess().upper(), true))
                    .append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n");
    }

    private void training() {
        List<Plot> curves = new ArrayList<>();
        for (Plot p : plots) {
            if (p.name().startsWith("training_")) {
                curves.add(p);
            }
        }
        if (context.history().isEmpty()) {
            return;
        }
        TrainingHistory h = context.history().get();
        b.append("<section id=\"training\">\n<h2>Training</h2>\n<p>").append(h.epochs()).append(" epochs in <code>")
                .append(esc(h.source().toString())).append("</code>.</p>\n<div class=\"grid\">\n");
        for (Plot p : curves) {
            figure(p);
        }
        b.append("</div>\n</section>\n");
    }

    private void run() {
        b.append("<section id=\"run\">\n<h2>Run and data</h2>\n<table class=\"kv\">\n<tbody>\n");
        kv("predictions", context.predictions());
        if (!context.runDir().isEmpty()) {
            kv("run directory", context.runDir());
        }
        for (Map.Entry<String, String> e : context.provenance().entrySet()) {
            kv(e.getKey(), e.getValue());
        }
        if (context.fingerprint().isEmpty()) {
            kv(ReportContext.FINGERPRINT_KEY, "not given (write it into " + ReportContext.PROVENANCE_FILE
                    + " next to the predictions)");
        }
        kv("train mean pK", report.trainMeanPk().isPresent() ? String.format(Locale.ROOT, "%.4f (%d exact train"
                + " labels)", report.trainMeanPk().getAsDouble(), report.trainLabels()) : "no exact train labels");
        kv("bootstrap", report.options().resamples() + " resamples, seed " + report.options().seed() + ", "
                + pct(report.options().confidence()) + " intervals");
        b.append("</tbody>\n</table>\n");
        if (!context.config().isEmpty()) {
            b.append("<details>\n<summary>").append(ReportContext.CONFIG_FILE).append(" (resolved config of the run)")
                    .append("</summary>\n<pre>").append(esc(context.config())).append("</pre>\n</details>\n");
        }
        b.append("</section>\n");
    }

    private void kv(String k, String v) {
        b.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>\n");
    }

    private void method() {
        b.append("<section id=\"method\">\n<h2>How the numbers were computed</h2>\n<ul>\n")
                .append("<li><b>Metrics</b> (pK units): MAE, RMSE, Pearson r, Spearman ρ (average ranks for ties),")
                .append(" Kendall τ-b (tie-corrected, as scipy's kendalltau), on compounds with an exact label.</li>\n")
                .append("<li><b>Censored labels</b> (&lt; or &gt;) are left out of every metric and counted; they are")
                .append(" drawn on the scatter plots at their bound. Unlabelled compounds are counted.</li>\n")
                .append("<li><b>Intervals</b>: ").append(esc(MetricsJson.METHOD)).append(". B = ")
                .append(report.options().resamples()).append(", seed ").append(report.options().seed())
                .append(", coverage ").append(pct(report.options().confidence())).append(".</li>\n")
                .append("<li><b>Paired comparisons</b>: Δ = metric(model) − metric(baseline) on each resample; the")
                .append(" model is called better only when the whole interval of Δ is on its side of 0.</li>\n")
                .append("<li><b>Baselines</b>, on the same compounds: ");
        List<String> d = new ArrayList<>();
        for (Predictor p : Predictor.values()) {
            if (p != Predictor.MODEL) {
                d.add("<i>" + esc(p.label()) + "</i>: " + esc(p.description()));
            }
        }
        b.append(String.join("; ", d)).append(". The train mean is one value (")
                .append(report.trainMeanPk().isPresent() ? f2(report.trainMeanPk().getAsDouble()) : "unavailable")
                .append(") for every compound and target; a constant ranks nothing, so its correlations are")
                .append(" undefined. The docking baseline uses only compounds with a dock_score.</li>\n")
                .append("<li><b>Groups</b>: each split (test, val, train, none). A split with several targets is")
                .append(" scored per target, and the headline is the mean of the per-target values (as FEP")
                .append(" benchmarks report it; its interval resamples compounds within each target). Pooled")
                .append(" correlations over targets mix affinity ranges and offsets, so pooled numbers are computed")
                .append(" only on request (--pooled, evaluation.pooled) and titled as pooled.</li>\n")
                .append("<li><b>Constant predictions</b>: the model's prediction SD is shown next to the label SD;")
                .append(" below ").append(pct(PredictionSpread.NEAR_CONSTANT_FRACTION)).append(" of it the")
                .append(" report warns at the top.</li>\n")
                .append("<li>Every number is in <code>metrics.json</code>; the plots are in <code>plots/</code> as")
                .append(" PNG and SVG.</li>\n</ul>\n</section>\n");
    }

    private static String verdictClass(Comparison c) {
        return switch (c.difference().verdict()) {
            case A_BETTER -> "better";
            case B_BETTER -> "worse";
            default -> "unclear";
        };
    }

    private static String rate(int k, int n) {
        return String.format(Locale.ROOT, "%.0f %%", 100.0 * k / n) + " <span class=\"ci\">(" + k + "/" + n
                + ")</span>";
    }

    private static String interval(double lo, double hi, boolean signed) {
        if (Double.isNaN(lo) || Double.isNaN(hi)) {
            return "<span class=\"ci\">[no interval]</span>";
        }
        return "<span class=\"ci\">[" + (signed ? signed(lo) : f2(lo)) + ", " + (signed ? signed(hi) : f2(hi))
                + "]</span>";
    }

    static String f2(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }

    static String signed(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%+.2f", v);
    }

    private static String pct(double c) {
        return String.format(Locale.ROOT, "%.0f %%", 100 * c);
    }

    private static String shorten(String fingerprint) {
        return fingerprint.length() > 23 ? fingerprint.substring(0, 23) + "…" : fingerprint;
    }

    /** Escapes text for HTML/XML content and attribute values; drops characters XML 1.0 does not allow. */
    static String esc(String s) {
        StringBuilder o = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> o.append("&amp;");
                case '<' -> o.append("&lt;");
                case '>' -> o.append("&gt;");
                case '"' -> o.append("&quot;");
                case '\'' -> o.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
                        o.append(c);
                    } else {
                        o.append('\uFFFD');
                    }
                }
            }
        }
        return o.toString();
    }

    private static final String CSS = String.join("\n",
            "body { margin: 0; background: #f6f7f9; color: #1d2125;",
            "  font-family: system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif;",
            "  font-size: 15px; line-height: 1.45; }",
            "main { max-width: 1200px; margin: 0 auto; padding: 24px 32px 48px; background: #fff; }",
            "h1 { font-size: 26px; margin: 0 0 4px; }",
            "h2 { font-size: 20px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 2px solid #e3e6ea; }",
            "h3 { font-size: 16px; margin: 22px 0 8px; }",
            "h4 { font-size: 15px; margin: 16px 0 6px; }",
            ".meta { color: #5b6470; margin: 0 0 8px; }",
            ".lead { font-size: 17px; background: #eef4fb; border-left: 4px solid #0072B2; padding: 10px 14px; }",
            ".warn { background: #fff4e5; border-left: 4px solid #E69F00; padding: 10px 14px; }",
            "table { border-collapse: collapse; margin: 8px 0; font-variant-numeric: tabular-nums; }",
            "th, td { border: 1px solid #dde1e6; padding: 5px 9px; text-align: right; vertical-align: top; }",
            "thead th { background: #f0f2f5; text-align: center; font-weight: 600; }",
            "tbody th { text-align: left; font-weight: 600; background: #fafbfc; }",
            "tr.model td, tr.model th { background: #eef4fb; font-weight: 600; }",
            ".ci { color: #5b6470; font-size: 13px; white-space: nowrap; }",
            ".na { color: #8a929c; text-align: center; }",
            ".note { color: #5b6470; font-size: 13px; margin-top: 2px; }",
            ".better { color: #006644; font-weight: 600; }",
            ".worse { color: #b03a00; font-weight: 600; }",
            ".unclear { color: #5b6470; }",
            "table.kv td { text-align: left; word-break: break-all; }",
            "table.poses { font-size: 14px; }",
            "table.poses td, table.poses tbody th { white-space: nowrap; }",
            "td.small { color: #b03a00; }",
            "td.text { text-align: left; }",
            ".grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 18px; }",
            "figure { margin: 0; border: 1px solid #e3e6ea; padding: 8px; background: #fff; }",
            "figure img { width: 100%; height: auto; display: block; }",
            "figcaption { font-size: 13px; color: #3d444d; margin-top: 6px; }",
            ".files { color: #8a929c; }",
            "details { margin: 10px 0; }",
            "summary { cursor: pointer; color: #0b5c99; }",
            "pre { background: #f6f8fa; border: 1px solid #e3e6ea; padding: 10px; overflow-x: auto; font-size: 12px; }",
            "code { font-size: 13px; }",
            "") + "\n";
}
