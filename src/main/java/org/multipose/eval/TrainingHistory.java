package org.multipose.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.multipose.base.InputException;

/**
 * A training run's per-epoch curves, read from its {@code metrics.jsonl} (one JSON object per line, one line per
 * epoch). Kept: {@code epoch} (the x value; the line's position when absent), {@code lr}, {@code train_loss},
 * {@code val_loss} and every other numeric {@code val_*} key. Other keys, nested values and non-numeric values
 * are ignored, so the trainer may log more than a report draws.
 *
 * @param source the file read
 * @param epochs number of epoch lines
 * @param series the curves, in the order their keys first appear ({@code lr}, {@code train_loss}, {@code val_loss}
 *               first when present)
 */
public record TrainingHistory(Path source, int epochs, List<Series> series) {

    /** File name of the per-epoch log in a run directory. */
    public static final String FILE = "metrics.jsonl";

    /** One curve: value[i] at epoch[i]. */
    public record Series(String key, double[] epoch, double[] value) {
        public Series {
            Objects.requireNonNull(key, "key");
            if (epoch.length != value.length) {
                throw new IllegalArgumentException("epoch and value lengths differ");
            }
        }
    }

    public TrainingHistory {
        Objects.requireNonNull(source, "source");
        series = List.copyOf(series);
    }

    /** The curve of one key, when logged. */
    public Optional<Series> get(String key) {
        for (Series s : series) {
            if (s.key().equals(key)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Reads {@code file}; a line that is not a JSON object is an InputException naming file and line. */
    public static TrainingHistory read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": not found; give the run directory that holds " + FILE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        // Python's json module writes NaN / Infinity tokens; accept them (non-finite values are skipped below).
        JsonMapper json = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
        Map<String, List<double[]>> points = new LinkedHashMap<>();
        for (String k : List.of("lr", "train_loss", "val_loss")) {
            points.put(k, new ArrayList<>());
        }
        int epochs = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            JsonNode node;
            try {
                node = json.readTree(line);
            } catch (JsonProcessingException e) {
                throw new InputException(file + ": line " + (i + 1) + ": not JSON (" + e.getOriginalMessage()
                        + "); each line must be one JSON object");
            }
            if (node == null || !node.isObject()) {
                throw new InputException(file + ": line " + (i + 1) + ": not a JSON object; each line must be one"
                        + " JSON object such as {\"epoch\": 1, \"train_loss\": 0.5}");
            }
            epochs++;
            JsonNode e = node.get("epoch");
            double epoch = e != null && e.isNumber() ? e.asDouble() : epochs;
            for (Map.Entry<String, JsonNode> f : node.properties()) {
                String k = f.getKey();
                boolean wanted = k.equals("lr") || k.equals("train_loss") || k.startsWith("val_");
                double v = f.getValue().isNumber() ? f.getValue().asDouble() : Double.NaN;
                if (wanted && Double.isFinite(v)) {
                    points.computeIfAbsent(k, x -> new ArrayList<>()).add(new double[] {epoch, v});
                }
            }
        }
        List<Series> series = new ArrayList<>();
        for (Map.Entry<String, List<double[]>> p : points.entrySet()) {
            List<double[]> pts = p.getValue();
            if (pts.isEmpty()) {
                continue;
            }
            double[] x = new double[pts.size()];
            double[] y = new double[pts.size()];
            for (int j = 0; j < x.length; j++) {
                x[j] = pts.get(j)[0];
                y[j] = pts.get(j)[1];
            }
            series.add(new Series(p.getKey(), x, y));
        }
        return new TrainingHistory(file, epochs, series);
    }
}
