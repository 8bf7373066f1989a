package org.multipose.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The table of a sweep's runs ({@code sweep.csv} and {@code sweep.md} in the sweep's directory): per run its varied
 * values, best epoch and the model's validation and test RMSE, Pearson and Spearman from the run's
 * {@code metrics.json} (per split: the mean over targets when the split has several, else the split's own group), or
 * why it failed.
 */
public final class SweepSummary {

    /** The metrics reported per split. */
    static final List<Metric> METRICS = List.of(Metric.RMSE, Metric.PEARSON, Metric.SPEARMAN);

    private SweepSummary() {}

    /**
     * One run's line.
     *
     * @param run       the run
     * @param dir       its run directory
     * @param bestEpoch its best epoch(s) ("3", or "3/5" for an ensemble), "" when unknown
     * @param status    "ok", or the failure in one line
     */
    public record Line(SweepPlan.Run run, Path dir, String bestEpoch, String status) {}

    /** The metric of the model on a split from a run's metrics.json, when it has it. */
    static OptionalDouble metric(JsonNode metrics, String split, Metric m) {
        if (metrics == null) {
            return OptionalDouble.empty();
        }
        for (JsonNode t : metrics.path("target_means")) {
            if (split.equals(t.path("split").asText())) {
                return value(t.path("predictors").path("model").path("metrics").path(m.key()).path("value"));
            }
        }
        for (JsonNode g : metrics.path("groups")) {
            if (split.equals(g.path("split").asText()) && g.path("target").isNull()) {
                return value(g.path("predictors").path("model").path("metrics").path(m.key()).path("value"));
            }
        }
        for (JsonNode g : metrics.path("groups")) {
            if (split.equals(g.path("split").asText())) {
                return value(g.path("predictors").path("model").path("metrics").path(m.key()).path("value"));
            }
        }
        return OptionalDouble.empty();
    }

    private static OptionalDouble value(JsonNode v) {
        return v.isNumber() ? OptionalDouble.of(v.asDouble()) : OptionalDouble.empty();
    }

    /** Writes sweep.csv and sweep.md into {@code dir} and returns the two files. */
    public static List<Path> write(SweepPlan plan, List<Line> lines, Path dir) {
        List<String> header = new ArrayList<>();
        header.add("run");
        header.addAll(plan.keys());
        header.add("best_epoch");
        for (String s : List.of("val", "test")) {
            for (Metric m : METRICS) {
                header.add(s + "_" + m.key());
            }
        }
        header.add("status");
        header.add("dir");
        List<List<String>> rows = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (Line l : lines) {
            JsonNode metrics = null;
            Path f = l.dir().resolve("metrics.json");
            if (Files.isRegularFile(f)) {
                try {
                    metrics = json.readTree(f.toFile());
                } catch (IOException e) {
                    metrics = null;
                }
            }
            List<String> row = new ArrayList<>();
            row.add(l.run().name());
            for (String k : plan.keys()) {
                row.add(l.run().values().getOrDefault(k, ""));
            }
            row.add(l.bestEpoch());
            for (String s : List.of("val", "test")) {
                for (Metric m : METRICS) {
                    OptionalDouble v = metric(metrics, s, m);
                    row.add(v.isPresent() ? String.format(Locale.ROOT, "%.4f", v.getAsDouble()) : "");
                }
            }
            row.add(l.status());
            row.add(l.dir().toString());
            rows.add(row);
        }
        StringBuilder csv = new StringBuilder(String.join(",", header)).append('\n');
        StringBuilder md = new StringBuilder("| " + String.join(" | ", header.subList(0, header.size() - 1))
                + " |\n|" + "---|".repeat(header.size() - 1) + "\n");
        for (List<String> r : rows) {
            List<String> quoted = new ArrayList<>();
            r.forEach(x -> quoted.add(x.contains(",") || x.contains("\"") ? "\"" + x.replace("\"", "\"\"") + "\""
                    : x));
            csv.append(String.join(",", quoted)).append('\n');
            md.append("| ").append(String.join(" | ", r.subList(0, r.size() - 1)).replace("\n", " ")).append(" |\n");
        }
        try {
            Files.createDirectories(dir);
            Path c = dir.resolve("sweep.csv");
            Path m = dir.resolve("sweep.md");
            Files.writeString(c, csv, StandardCharsets.UTF_8);
            Files.writeString(m, md, StandardCharsets.UTF_8);
            return List.of(c, m);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sweep summary into " + dir, e);
        }
    }

    /** "3" or "3/5": the best epoch of each member from a run's provenance, "" when the run has none. */
    public static String bestEpoch(Map<String, String> provenance) {
        List<String> e = new ArrayList<>();
        provenance.forEach((k, v) -> {
            if (k.endsWith("best_epoch")) {
                e.add(v);
            }
        });
        return String.join("/", e);
    }
}
