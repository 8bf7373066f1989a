package org.multipose.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.multipose.base.InputException;

/**
 * What a report shows besides the numbers: where the predictions came from and the run that made them.
 *
 * @param generator   the program and version that wrote the report, e.g. "multipose 0.1.0"
 * @param predictions the predictions file read, as given
 * @param provenance  flat key → value pairs from {@value #PROVENANCE_FILE} next to the predictions (e.g.
 *                    {@code dataset_fingerprint}, {@code checkpoint}, {@code dataset}), in file order; empty when
 *                    absent
 * @param history     the run's per-epoch curves, when a run directory with {@value TrainingHistory#FILE} is given
 * @param config      the run's resolved {@value #CONFIG_FILE} verbatim, empty when not given
 * @param runDir      the run directory as given, empty when none
 */
public record ReportContext(String generator, String predictions, Map<String, String> provenance,
        Optional<TrainingHistory> history, String config, String runDir) {

    /** Optional provenance of a predictions table: a JSON object of strings and numbers. */
    public static final String PROVENANCE_FILE = "provenance.json";
    /** The resolved config in a run directory. */
    public static final String CONFIG_FILE = "config.yaml";
    /** The provenance key the report shows as the dataset fingerprint. */
    public static final String FINGERPRINT_KEY = "dataset_fingerprint";

    public ReportContext {
        Objects.requireNonNull(generator, "generator");
        Objects.requireNonNull(predictions, "predictions");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(runDir, "runDir");
        provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    }

    /**
     * Gathers the context of the predictions at {@code predictions} (a directory or CSV file): its
     * {@value #PROVENANCE_FILE} when present, and, when {@code runDir} is given, the run's
     * {@value TrainingHistory#FILE} and {@value #CONFIG_FILE} (each when present; a run directory with neither is
     * an InputException).
     */
    public static ReportContext load(String generator, Path predictions, Optional<Path> runDir) {
        Path dir = PredictionTable.compoundFile(predictions).toAbsolutePath().getParent();
        Map<String, String> provenance = readProvenance(dir.resolve(PROVENANCE_FILE));
        Optional<TrainingHistory> history = Optional.empty();
        String config = "";
        if (runDir.isPresent()) {
            Path run = runDir.get();
            if (!Files.isDirectory(run)) {
                throw new InputException(run + ": not a directory; --run takes a training run directory");
            }
            Path metrics = run.resolve(TrainingHistory.FILE);
            Path cfg = run.resolve(CONFIG_FILE);
            if (!Files.isRegularFile(metrics) && !Files.isRegularFile(cfg)) {
                throw new InputException(run + ": holds neither " + TrainingHistory.FILE + " nor " + CONFIG_FILE
                        + "; --run takes the directory a training run wrote");
            }
            if (Files.isRegularFile(metrics)) {
                history = Optional.of(TrainingHistory.read(metrics));
            }
            if (Files.isRegularFile(cfg)) {
                try {
                    config = Files.readString(cfg, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + cfg, e);
                }
            }
        }
        return new ReportContext(generator, predictions.toString(), provenance, history, config,
                runDir.map(Path::toString).orElse(""));
    }

    /** The dataset fingerprint from the provenance, when given. */
    public Optional<String> fingerprint() {
        return Optional.ofNullable(provenance.get(FINGERPRINT_KEY));
    }

    /** Writes {@value #PROVENANCE_FILE} into {@code dir}: one JSON object of the given strings, in order. */
    public static Path writeProvenance(Path dir, Map<String, String> provenance) {
        Path file = dir.resolve(PROVENANCE_FILE);
        try {
            Files.createDirectories(dir);
            Files.writeString(file, JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                    .writeValueAsString(new LinkedHashMap<>(provenance)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    static Map<String, String> readProvenance(Path file) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        JsonNode node;
        try {
            node = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build().readTree(
                    file.toFile());
        } catch (JsonProcessingException e) {
            throw new InputException(file + ": line " + e.getLocation().getLineNr() + ": not JSON ("
                    + e.getOriginalMessage() + "); write one JSON object of strings and numbers");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (node == null || !node.isObject()) {
            throw new InputException(file + ": not a JSON object; write one object of strings and numbers");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode v = e.getValue();
            out.put(e.getKey(), v.isValueNode() ? v.asText() : v.toString());
        }
        return out;
    }
}
