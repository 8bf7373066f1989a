package org.multipose.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.multipose.data.AffinityLabel;
import org.multipose.data.Split;
import org.multipose.train.MemberResult;
import org.multipose.train.PredictedCompound;

/**
 * What a finished training run reports: per split the model's metrics on the uncensored labels with paired
 * percentile bootstrap 95 % intervals ({@link MetricReport}), and on each split the two baselines a model must beat:
 * the mean exact label of the train split predicted for every compound (its RMSE / MAE) and the ligand's heavy-atom
 * count (its Pearson / Spearman / Kendall: larger ligands tend to bind tighter). Written as {@code summary.json};
 * the per-compound and per-pose predictions as {@code predictions.csv} and {@code pose_predictions.csv} (the columns
 * of the evaluation report's predictions table).
 *
 * @param splits    metrics per split that has labels
 * @param trainMean the mean exact train label (pK)
 * @param meanModel per split, the train-mean predictor's report
 * @param heavyAtom per split, the heavy-atom-count predictor's report
 */
public record TrainingSummary(Map<Split, MetricReport> splits, double trainMean, Map<Split, MetricReport> meanModel,
        Map<Split, MetricReport> heavyAtom) {

    /** Columns of predictions.csv (the evaluation report's order). */
    public static final List<String> COMPOUND_COLUMNS = List.of("target", "compound_id", "split", "measure",
            "qualifier", "label_pk", "sigma_pk", "predicted_pk", "combined_kt", "n_poses", "top_pose", "top_weight",
            "heavy_atoms", "dock_score", "predicted_sd");
    /** Columns of pose_predictions.csv. */
    public static final List<String> POSE_COLUMNS = List.of("target", "compound_id", "pose_index", "y_kt",
            "predicted_pk", "weight", "coefficient", "rmsd", "dock_score");

    /** Scores {@code predictions} per split. */
    public static TrainingSummary evaluate(List<PredictedCompound> predictions, BootstrapOptions options) {
        double sum = 0;
        int n = 0;
        for (PredictedCompound p : predictions) {
            if (p.split().orElse(null) == Split.TRAIN && p.label().isPresent() && !p.label().get().isCensored()) {
                sum += p.label().get().pk();
                n++;
            }
        }
        double trainMean = n == 0 ? Double.NaN : sum / n;
        Map<Split, MetricReport> model = new EnumMap<>(Split.class);
        Map<Split, MetricReport> mean = new EnumMap<>(Split.class);
        Map<Split, MetricReport> hac = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            List<PredictedCompound> in = new ArrayList<>();
            for (PredictedCompound p : predictions) {
                if (p.split().orElse(null) == s && p.label().isPresent()) {
                    in.add(p);
                }
            }
            if (in.isEmpty()) {
                continue;
            }
            int k = in.size();
            double[] pred = new double[k];
            double[] meas = new double[k];
            double[] constant = new double[k];
            double[] atoms = new double[k];
            boolean[] cens = new boolean[k];
            for (int i = 0; i < k; i++) {
                AffinityLabel l = in.get(i).label().orElseThrow();
                pred[i] = in.get(i).predictedPk();
                meas[i] = l.pk();
                cens[i] = l.isCensored();
                constant[i] = trainMean;
                atoms[i] = in.get(i).heavyAtoms();
            }
            model.put(s, MetricReport.evaluate(pred, meas, cens, options));
            if (Double.isFinite(trainMean)) {
                mean.put(s, MetricReport.evaluate(constant, meas, cens, options));
            }
            hac.put(s, MetricReport.evaluate(atoms, meas, cens, options));
        }
        return new TrainingSummary(model, trainMean, mean, hac);
    }

    /** Writes {@code summary.json} into {@code dir}. */
    public void writeJson(Path dir, String run, List<MemberResult> members, BootstrapOptions options) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("run", run);
        List<Map<String, Object>> ms = new ArrayList<>();
        for (MemberResult m : members) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("member", m.member());
            e.put("epochs", m.epochs());
            e.put("best_epoch", m.bestEpoch());
            e.put("best_loss", finite(m.bestLoss()));
            e.put("stop_reason", m.stopReason());
            e.put("best_checkpoint", m.best().toString());
            ms.add(e);
        }
        root.put("members", ms);
        root.put("bootstrap", Map.of("method", "paired percentile", "resamples", options.resamples(), "seed",
                options.seed(), "confidence", options.confidence()));
        root.put("train_mean_pk", finite(trainMean));
        Map<String, Object> splitMap = new LinkedHashMap<>();
        for (Map.Entry<Split, MetricReport> e : splits.entrySet()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("model", report(e.getValue(), List.of(Metric.values())));
            MetricReport mean = meanModel.get(e.getKey());
            if (mean != null) {
                s.put("train_mean", report(mean, List.of(Metric.MAE, Metric.RMSE)));
            }
            s.put("heavy_atoms", report(heavyAtom.get(e.getKey()), List.of(Metric.PEARSON, Metric.SPEARMAN,
                    Metric.KENDALL)));
            splitMap.put(e.getKey().label(), s);
        }
        root.put("splits", splitMap);
        try {
            Files.writeString(dir.resolve("summary.json"), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(root), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("summary.json"), e);
        }
    }

    private static Map<String, Object> report(MetricReport r, List<Metric> metrics) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", r.used());
        m.put("censored_excluded", r.censoredExcluded());
        for (Metric metric : metrics) {
            MetricEstimate e = r.get(metric);
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("value", finite(e.value()));
            v.put("ci95", java.util.Arrays.asList(finite(e.lower()), finite(e.upper())));
            m.put(metric.key(), v);
        }
        return m;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** Writes {@code predictions.csv} and {@code pose_predictions.csv} into {@code dir}. */
    public static void writePredictions(Path dir, List<PredictedCompound> predictions) {
        List<List<String>> compounds = new ArrayList<>();
        List<List<String>> poses = new ArrayList<>();
        for (PredictedCompound p : predictions) {
            PredictedCompound.Pose top = p.topPose();
            AffinityLabel l = p.label().orElse(null);
            compounds.add(List.of(p.key().target(), p.key().compoundId(),
                    p.split().map(Split::label).orElse("none"),
                    l == null ? "" : l.measure().label(), l == null ? "" : l.qualifier().symbol(),
                    l == null ? "" : Double.toString(l.pk()), l == null ? "" : num(l.sigmaPk()),
                    Double.toString(p.predictedPk()), Double.toString(p.combinedKt()),
                    Integer.toString(p.poses().size()), Integer.toString(top.poseIndex()),
                    Double.toString(top.weight()), Integer.toString(p.heavyAtoms()), num(p.dockScore()),
                    num(p.predictedSd())));
            for (PredictedCompound.Pose q : p.poses()) {
                poses.add(List.of(p.key().target(), p.key().compoundId(), Integer.toString(q.poseIndex()),
                        Double.toString(q.yKt()), Double.toString(q.predictedPk()), Double.toString(q.weight()),
                        Double.toString(q.coefficient()), num(q.rmsd()), num(q.dockScore())));
            }
        }
        writeCsv(dir.resolve("predictions.csv"), COMPOUND_COLUMNS, compounds);
        writeCsv(dir.resolve("pose_predictions.csv"), POSE_COLUMNS, poses);
    }

    private static String num(OptionalDouble v) {
        return v.isPresent() ? Double.toString(v.getAsDouble()) : "";
    }

    private static void writeCsv(Path file, List<String> header, List<List<String>> rows) {
        CsvSchema.Builder b = CsvSchema.builder();
        for (String h : header) {
            b.addColumn(h);
        }
        CsvSchema schema = b.build().withHeader().withLineSeparator("\n");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            new CsvMapper().writer(schema).writeValues(w).writeAll(rows).close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
