package org.multipose.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.multipose.data.CompoundKey;
import org.multipose.data.Qualifier;

/**
 * The figures of an evaluation report, drawn with XChart: predicted vs measured pK per split (censored labels at
 * their bound with a marker pointing where the true value lies; the identity line), per-target Spearman ρ with
 * bootstrap intervals (model vs docking score), pose weight vs RMSD, and training curves from a run's
 * metrics.jsonl. Colours are the Okabe–Ito palette (distinguishable with the common colour-vision deficiencies).
 */
public final class ReportPlots {

    static final int WIDTH = 720;
    static final int HEIGHT = 540;
    /** Okabe–Ito: blue, vermillion, bluish green, reddish purple, orange, sky blue, yellow, black. */
    static final Color[] PALETTE = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73),
        new Color(0xCC79A7), new Color(0xE69F00), new Color(0x56B4E9), new Color(0xF0E442), new Color(0x000000)};
    private static final Color GREY = new Color(0x777777);
    /** Beyond this many targets the scatter uses one colour (a legend of dozens of targets is unreadable). */
    private static final int MAX_TARGET_COLOURS = 8;
    /** The pose-weight plot shows at most this many compounds' poses (a deterministic stride through them). */
    static final int MAX_POSE_PLOT_COMPOUNDS = 2000;

    private ReportPlots() {}

    /** Every figure the report has data for, in reading order. */
    public static List<Plot> all(EvaluationReport report, Optional<TrainingHistory> history) {
        List<Plot> plots = new ArrayList<>();
        Optional<GroupEvaluation> headline = report.headline();
        headline.ifPresent(h -> plots.add(predictedVsMeasured(report, h)));
        if (headline.isPresent() && !report.perTarget(headline.get().split()).isEmpty()) {
            plots.add(perTargetSpearman(report, headline.get().split()));
        }
        for (String split : EvaluationReport.SPLIT_ORDER) {
            Optional<GroupEvaluation> g = report.overall(split);
            if (g.isPresent() && g.get().labelled() > 0 && !g.equals(headline)) {
                plots.add(predictedVsMeasured(report, g.get()));
            }
        }
        poseWeightVsRmsd(report).ifPresent(plots::add);
        history.ifPresent(h -> plots.addAll(trainingCurves(h)));
        return plots;
    }

    /**
     * The figures the report could draw but does not, each with why: "plot name: reason" (a report must not drop a
     * figure silently — a reader looking for the pose-weight plot learns that the poses carry no RMSD).
     */
    public static List<String> absent(EvaluationReport report, ReportContext context) {
        List<String> out = new ArrayList<>();
        Optional<GroupEvaluation> headline = report.headline();
        if (headline.isEmpty()) {
            out.add("predicted vs measured pK: no compound has an exact label");
        } else if (report.perTarget(headline.get().split()).isEmpty()) {
            out.add("Spearman per target: the " + headline.get().split() + " split has one target");
        }
        if (poseWeightVsRmsd(report).isEmpty()) {
            out.add("pose weight vs RMSD: " + (report.table().hasPoses()
                    ? "no pose has an RMSD to a reference (the column rmsd of pose_predictions.csv comes from a pose"
                            + " score rmsd_to_reference, rmsd_to_best or rmsd, or the run's loss rmsd_tag; docking"
                            + " output without a reference pose has none)"
                    : "no per-pose predictions (pose_predictions.csv)"));
        }
        if (context.history().isEmpty()) {
            out.add("training curves: " + (context.runDir().isEmpty()
                    ? "no run directory given (--run RUN)"
                    : "the run directory has no " + TrainingHistory.FILE + " (an ensemble keeps one per member,"
                            + " member-N/" + TrainingHistory.FILE + ")"));
        }
        return out;
    }

    /** Predicted vs measured pK of the labelled compounds of one split (all targets). */
    static Plot predictedVsMeasured(EvaluationReport report, GroupEvaluation g) {
        List<CompoundPrediction> members = new ArrayList<>();
        SortedSet<String> targets = new TreeSet<>();
        for (CompoundPrediction c : report.table().compounds()) {
            if (c.splitLabel().equals(g.split()) && c.labelled()) {
                members.add(c);
                targets.add(c.key().target());
            }
        }
        XYChart chart = chart(g.split() + " split: predicted vs measured pK", "measured pK", "predicted pK");
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (CompoundPrediction c : members) {
            double m = c.label().get().pk();
            lo = Math.min(lo, Math.min(m, c.predictedPk()));
            hi = Math.max(hi, Math.max(m, c.predictedPk()));
        }
        double pad = Math.max(0.25, 0.05 * (hi - lo));
        lo -= pad;
        hi += pad;
        XYSeries identity = chart.addSeries("y = x", new double[] {lo, hi}, new double[] {lo, hi});
        identity.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        identity.setMarker(SeriesMarkers.NONE);
        identity.setLineColor(GREY);
        identity.setLineStyle(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
        // A target keeps its colour across splits: the colour follows its place among all the table's targets.
        List<String> allTargets = new ArrayList<>(report.table().targets());
        boolean byTarget = allTargets.size() > 1 && allTargets.size() <= MAX_TARGET_COLOURS;
        for (String t : byTarget ? targets : List.of("")) {
            int colour = t.isEmpty() ? 0 : allTargets.indexOf(t);
            List<double[]> pts = new ArrayList<>();
            for (CompoundPrediction c : members) {
                if (c.exact() && (t.isEmpty() || c.key().target().equals(t))) {
                    pts.add(new double[] {c.label().get().pk(), c.predictedPk()});
                }
            }
            if (!pts.isEmpty()) {
                XYSeries s = scatter(chart, t.isEmpty() ? "exact" : t, pts);
                s.setMarker(SeriesMarkers.CIRCLE);
                s.setMarkerColor(translucent(PALETTE[colour % PALETTE.length], 190));
            }
        }
        for (Qualifier q : List.of(Qualifier.GREATER, Qualifier.LESS)) {
            List<double[]> pts = new ArrayList<>();
            for (CompoundPrediction c : members) {
                if (c.label().get().qualifier() == q) {
                    pts.add(new double[] {c.label().get().pk(), c.predictedPk()});
                }
            }
            if (!pts.isEmpty()) {
                String name = q == Qualifier.GREATER ? "censored >" : "censored <";
                XYSeries s = scatter(chart, name, pts);
                s.setMarker(new SideTriangle(q == Qualifier.GREATER));
                s.setMarkerColor(new Color(0x444444));
            }
        }
        XYStyler st = chart.getStyler();
        st.setXAxisMin(lo).setXAxisMax(hi).setYAxisMin(lo).setYAxisMax(hi);
        st.setLegendPosition(Styler.LegendPosition.OutsideE); // inside, it would hide points in some corner
        String caption = String.format(Locale.ROOT, "Each point is a compound of the %s split: its measured pK (x)"
                + " against the model's predicted pK (y); the dashed line is y = x. %d exact labels%s. Censored labels"
                + " (%d, left out of the metrics) are drawn at their bound as triangles pointing to where the true"
                + " value lies (▶ above the bound, ◀ below).%s", g.split(), g.exact(),
                byTarget ? ", coloured by target" : "", g.censored(), modelSummary(report, g));
        return new Plot("scatter_" + g.split(), "Predicted vs measured pK, " + g.split() + " split", caption, chart);
    }

    private static String modelSummary(EvaluationReport report, GroupEvaluation g) {
        PredictorResult r = g.result(Predictor.MODEL);
        Optional<TargetMean> mean = report.targetMean(g.split());
        String who = " Model:";
        if (!r.available() && mean.isPresent()) {
            r = mean.get().result(Predictor.MODEL);
            who = " Model, " + mean.get().title() + ":";
        } else if (g.pooled()) {
            who = " Model, pooled over " + g.targets() + " targets:";
        }
        StringBuilder b = new StringBuilder();
        for (Metric m : List.of(Metric.SPEARMAN, Metric.RMSE)) {
            Optional<MetricEstimate> e = r.get(m);
            if (e.isPresent() && e.get().defined()) {
                b.append(String.format(Locale.ROOT, " %s %.2f [%.2f, %.2f].", m.label(), e.get().value(),
                        e.get().lower(), e.get().upper()));
            }
        }
        return b.length() == 0 ? "" : who + b;
    }

    /**
     * Spearman ρ per target of one split with its bootstrap interval: the model and the docking score (−score, so
     * both read "higher is better"), side by side.
     */
    static Plot perTargetSpearman(EvaluationReport report, String split) {
        List<GroupEvaluation> groups = report.perTarget(split);
        XYChart chart = chart("Spearman ρ per target, " + split + " split (95 % CI)", "", "Spearman ρ");
        XYStyler st = chart.getStyler();
        st.setXAxisTicksVisible(false);
        st.setPlotGridVerticalLinesVisible(false);
        st.setLegendPosition(Styler.LegendPosition.OutsideS); // inside, it would hide a ρ near ±1
        st.setLegendLayout(Styler.LegendLayout.Horizontal);
        double labelY = -1.12;
        st.setXAxisMin(0.4).setXAxisMax(groups.size() + 0.6).setYAxisMin(-1.2).setYAxisMax(1.12);
        Predictor[] shown = {Predictor.MODEL, Predictor.DOCK_SCORE};
        double[] offset = {-0.13, 0.13};
        for (int k = 0; k < shown.length; k++) {
            List<double[]> pts = new ArrayList<>();
            for (int i = 0; i < groups.size(); i++) {
                PredictorResult r = groups.get(i).result(shown[k]);
                Optional<MetricEstimate> e = r.get(Metric.SPEARMAN);
                if (!r.available() || e.isEmpty() || !e.get().defined()) {
                    continue;
                }
                double x = i + 1 + offset[k];
                pts.add(new double[] {x, e.get().value()});
                if (!Double.isNaN(e.get().lower())) {
                    XYSeries ci = chart.addSeries(shown[k].key() + " CI " + i, new double[] {x, x},
                            new double[] {e.get().lower(), e.get().upper()});
                    ci.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                    ci.setMarker(SeriesMarkers.NONE);
                    ci.setLineColor(PALETTE[k]);
                    ci.setLineWidth(2.5f);
                    ci.setShowInLegend(false);
                }
            }
            if (!pts.isEmpty()) {
                XYSeries s = scatter(chart, k == 0 ? "model" : "docking (−score)", pts);
                s.setMarker(k == 0 ? SeriesMarkers.CIRCLE : SeriesMarkers.DIAMOND);
                s.setMarkerColor(PALETTE[k]);
            }
        }
        for (int i = 0; i < groups.size(); i++) {
            GroupEvaluation g = groups.get(i);
            chart.addAnnotation(new AnnotationText(g.target().get() + " (" + g.exact() + ")", i + 1, labelY,
                    false));
        }
        chart.addAnnotation(new AnnotationLine(0, false, false));
        String caption = "Spearman ρ between each target's measured pK and the model's prediction (circles) and"
                + " minus the docking score of the top-ranked pose (diamonds), with paired percentile bootstrap 95 %"
                + " intervals (bars); the number after each target is its count of exact labels. Above 0 = right"
                + " direction. Per-target ρ is the meaningful ranking measure when targets differ in affinity"
                + " range; small targets have wide intervals.";
        return new Plot("spearman_per_target_" + split, "Spearman ρ per target, " + split + " split", caption,
                chart);
    }

    /**
     * Pose weight against RMSD to the reference for the headline split's compounds (all compounds when there is
     * no headline); empty when no pose has an RMSD.
     */
    static Optional<Plot> poseWeightVsRmsd(EvaluationReport report) {
        Optional<GroupEvaluation> h = report.headline();
        Map<CompoundKey, List<PosePrediction>> poses = report.table().posesByCompound();
        List<double[]> other = new ArrayList<>();
        List<double[]> top = new ArrayList<>();
        List<CompoundPrediction> shown = new ArrayList<>();
        for (CompoundPrediction c : report.table().compounds()) {
            if (h.isEmpty() || c.splitLabel().equals(h.get().split())) {
                shown.add(c);
            }
        }
        // A plot of a million poses says no more than one of a few thousand compounds: keep every k-th compound.
        int stride = Math.max(1, (shown.size() + MAX_POSE_PLOT_COMPOUNDS - 1) / MAX_POSE_PLOT_COMPOUNDS);
        for (int i = 0; i < shown.size(); i += stride) {
            CompoundPrediction c = shown.get(i);
            for (PosePrediction p : poses.getOrDefault(c.key(), List.of())) {
                if (p.rmsd().isPresent()) {
                    (p.poseIndex() == c.topPose() ? top : other).add(new double[] {p.rmsd().getAsDouble(),
                        p.weight()});
                }
            }
        }
        if (other.isEmpty() && top.isEmpty()) {
            return Optional.empty();
        }
        String scope = h.map(g -> g.split() + " split").orElse("all compounds")
                + (stride > 1 ? " (1 compound in " + stride + ")" : "");
        XYChart chart = chart("Pose weight vs RMSD, " + scope, "RMSD to the reference pose (Å)", "pose weight");
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setXAxisMin(0.0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        if (!other.isEmpty()) {
            XYSeries s = scatter(chart, "other poses", other);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(translucent(PALETTE[5], 150));
        }
        if (!top.isEmpty()) {
            XYSeries s = scatter(chart, "top-weight pose", top);
            s.setMarker(SeriesMarkers.DIAMOND);
            s.setMarkerColor(PALETTE[1]);
        }
        chart.addAnnotation(new AnnotationLine(PoseAnalysis.THRESHOLD, true, false));
        String caption = "Each point is a pose of the " + scope + ": its RMSD to the reference pose (x) and the"
                + " weight the combination gave it (y); diamonds mark each compound's top-weight pose. The vertical"
                + " line is " + PoseAnalysis.THRESHOLD + " Å. A combination that finds the right pose puts its"
                + " diamonds left of the line.";
        return Optional.of(new Plot("pose_weight_vs_rmsd", "Pose weight vs RMSD, " + scope, caption, chart));
    }

    /** Loss curves, the learning rate and the validation metrics over epochs; only the charts with data. */
    static List<Plot> trainingCurves(TrainingHistory history) {
        List<Plot> out = new ArrayList<>();
        List<TrainingHistory.Series> losses = new ArrayList<>();
        List<TrainingHistory.Series> metrics = new ArrayList<>();
        Optional<TrainingHistory.Series> lr = history.get("lr");
        for (TrainingHistory.Series s : history.series()) {
            if (s.key().equals("train_loss") || s.key().equals("val_loss")) {
                losses.add(s);
            } else if (s.key().startsWith("val_")) {
                metrics.add(s);
            }
        }
        if (!losses.isEmpty()) {
            out.add(new Plot("training_loss", "Training and validation loss", "Mean loss per epoch (the run's"
                    + " metrics.jsonl keys train_loss and val_loss).", lines(losses, "Loss per epoch", "loss",
                            false, "")));
        }
        if (lr.isPresent()) {
            // XChart labels only decades on a log axis: use it when the rate spans at least two of them.
            double min = Double.POSITIVE_INFINITY;
            double max = 0;
            for (double v : lr.get().value()) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            boolean log = min > 0 && max / min >= 100;
            out.add(new Plot("training_lr", "Learning rate", "Learning rate per epoch (key lr)"
                    + (log ? ", log scale." : "."), lines(List.of(lr.get()), "Learning rate", "learning rate",
                            log, "0.0##E0")));
        }
        if (!metrics.isEmpty()) {
            out.add(new Plot("training_val_metrics", "Validation metrics", "Every numeric val_* key of"
                    + " metrics.jsonl other than val_loss, per epoch.", lines(metrics, "Validation metrics",
                            "value", false, "")));
        }
        return out;
    }

    /** A line chart of the series; {@code yPattern} is a DecimalFormat pattern for the y labels, or empty. */
    private static XYChart lines(List<TrainingHistory.Series> series, String title, String yTitle, boolean logY,
            String yPattern) {
        XYChart chart = chart(title, "epoch", yTitle);
        if (!yPattern.isEmpty()) {
            chart.getStyler().setYAxisDecimalPattern(yPattern);
        }
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setMarkerSize(series.get(0).epoch().length > 60 ? 0 : 5);
        int k = 0;
        for (TrainingHistory.Series s : series) {
            XYSeries x = chart.addSeries(s.key(), s.epoch(), s.value());
            x.setMarker(SeriesMarkers.CIRCLE);
            x.setMarkerColor(PALETTE[k % PALETTE.length]);
            x.setLineColor(PALETTE[k % PALETTE.length]);
            k++;
        }
        return chart;
    }

    private static XYSeries scatter(XYChart chart, String name, List<double[]> pts) {
        double[] x = new double[pts.size()];
        double[] y = new double[pts.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = pts.get(i)[0];
            y[i] = pts.get(i)[1];
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        return s;
    }

    /** A chart with the report's look: white, light grid, readable fonts. */
    private static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        XYStyler st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotBorderColor(new Color(0xBBBBBB));
        st.setPlotGridLinesColor(new Color(0xE4E4E4));
        st.setLegendBackgroundColor(new Color(255, 255, 255, 220));
        st.setLegendBorderColor(new Color(0xCCCCCC));
        st.setChartTitleBoxVisible(false);
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        st.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        st.setAnnotationLineColor(GREY);
        st.setAnnotationLineStroke(new BasicStroke(1.2f));
        st.setMarkerSize(9);
        st.setAntiAlias(true);
        st.setLocale(Locale.ROOT);
        return chart;
    }

    private static Color translucent(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    /** A filled triangle pointing right (the true value is larger) or left (smaller), centred on the point. */
    private static final class SideTriangle extends Marker {
        private final boolean right;

        SideTriangle(boolean right) {
            this.right = right;
        }

        @Override
        public void paint(Graphics2D g, double x, double y, int size) {
            double h = size / 2.0 + 1;
            double s = right ? 1 : -1;
            Path2D.Double p = new Path2D.Double();
            p.moveTo(x - s * h, y - h);
            p.lineTo(x + s * h, y);
            p.lineTo(x - s * h, y + h);
            p.closePath();
            g.fill(p);
        }
    }
}
