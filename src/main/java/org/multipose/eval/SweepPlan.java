package org.multipose.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.multipose.base.InputException;

/**
 * A training sweep: one base config and the values to vary, expanded into independent runs
 * (docs/guide/sweeps-and-spark.md). The file is YAML:
 *
 * <pre>
 * base: ../configs/quickstart.yaml        # the config every run starts from (relative to this file)
 * name: lr-comb                           # runs are named lr-comb-001, lr-comb-002, ... (default: the file's name)
 * set: {training.epochs: 5}               # overrides every run gets (optional)
 * grid:                                   # every combination, the last key varying fastest ...
 *   optimizer.lr: [0.001, 0.002]
 *   combination.method: [mean, max]
 *   seed: [1, 2]
 * # ... or list: [{optimizer.lr: 0.001, seed: 1}, {optimizer.lr: 0.002, seed: 2}]
 * </pre>
 *
 * <p>Each run is the base config with {@code set}, its own values and {@code output.name} as {@code --set}
 * overrides, so it writes its own run directory; runs share nothing and may run in any order or place.
 *
 * @param file the sweep file
 * @param base the base config
 * @param name the sweep's name
 * @param keys the varied keys, in file order
 * @param runs the runs in order
 */
public record SweepPlan(Path file, Path base, String name, List<String> keys, List<Run> runs) {

    /**
     * One run of a sweep.
     *
     * @param name      its run name (output.name)
     * @param values    varied key → value, in the sweep's key order
     * @param overrides every {@code --set KEY=VALUE} it trains with
     */
    public record Run(String name, Map<String, String> values, List<String> overrides) {
        public Run {
            values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
            overrides = List.copyOf(overrides);
        }
    }

    public SweepPlan {
        keys = List.copyOf(keys);
        runs = List.copyOf(runs);
    }

    /**
     * Reads and expands a sweep file.
     *
     * @throws InputException naming the file, the key and the fix
     */
    public static SweepPlan read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputException("sweep " + file + " does not exist; give a sweep file (--config FILE)");
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new InputException(file + ": not valid YAML (" + e.getMessage().lines().findFirst().orElse("")
                    + "); fix the file", e);
        }
        if (root == null || !root.isObject()) {
            throw new InputException(file + ": a sweep is a YAML mapping with base and grid (or list); see"
                    + " docs/guide/sweeps-and-spark.md");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!List.of("base", "name", "set", "grid", "list").contains(k)) {
                throw new InputException(file + ": unknown key '" + k + "'; a sweep has base, name, set and grid or"
                        + " list");
            }
        }
        if (!root.path("base").isTextual()) {
            throw new InputException(file + ": base is missing: the training config every run starts from (base:"
                    + " configs/quickstart.yaml)");
        }
        Path dir = file.toAbsolutePath().normalize().getParent();
        Path base = dir.resolve(root.get("base").asText()).normalize();
        if (!Files.isRegularFile(base)) {
            throw new InputException(file + ": base " + base + " does not exist; give the path of a training config,"
                    + " relative to the sweep file");
        }
        String stem = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        String name = root.path("name").isTextual() ? root.get("name").asText() : stem;
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new InputException(file + ": name '" + name + "' must be letters, digits, '.', '_' or '-' (it names"
                    + " the run directories)");
        }
        List<String> common = new ArrayList<>();
        if (root.has("set")) {
            if (!root.get("set").isObject()) {
                throw new InputException(file + ": set must be a mapping KEY: VALUE (e.g. set: {training.epochs: 5})");
            }
            root.get("set").fields().forEachRemaining(e -> common.add(e.getKey() + "=" + scalar(file, e.getKey(),
                    e.getValue())));
        }
        boolean grid = root.has("grid");
        if (grid == root.has("list")) {
            throw new InputException(file + ": give either grid (every combination of value lists) or list (one"
                    + " mapping per run), not " + (grid ? "both" : "neither"));
        }
        List<String> keys = new ArrayList<>();
        List<Map<String, String>> points = new ArrayList<>();
        if (grid) {
            JsonNode g = root.get("grid");
            if (!g.isObject() || g.size() == 0) {
                throw new InputException(file + ": grid must map each key to a list of values (grid: {optimizer.lr:"
                        + " [0.001, 0.002]})");
            }
            points.add(new LinkedHashMap<>());
            for (Iterator<Map.Entry<String, JsonNode>> it = g.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isArray() || e.getValue().size() == 0) {
                    throw new InputException(file + ": grid." + e.getKey() + " must be a non-empty list of values");
                }
                keys.add(e.getKey());
                List<Map<String, String>> next = new ArrayList<>();
                for (Map<String, String> p : points) {
                    for (JsonNode v : e.getValue()) {
                        Map<String, String> q = new LinkedHashMap<>(p);
                        q.put(e.getKey(), scalar(file, "grid." + e.getKey(), v));
                        next.add(q);
                    }
                }
                points = next;
            }
        } else {
            JsonNode l = root.get("list");
            if (!l.isArray() || l.size() == 0) {
                throw new InputException(file + ": list must be a non-empty list of mappings, one per run");
            }
            int i = 0;
            for (JsonNode item : l) {
                i++;
                if (!item.isObject()) {
                    throw new InputException(file + ": list item " + i + " must be a mapping KEY: VALUE");
                }
                Map<String, String> p = new LinkedHashMap<>();
                int n = i;
                item.fields().forEachRemaining(e -> {
                    if (!keys.contains(e.getKey())) {
                        keys.add(e.getKey());
                    }
                    p.put(e.getKey(), scalar(file, "list[" + n + "]." + e.getKey(), e.getValue()));
                });
                points.add(p);
            }
        }
        List<Run> runs = new ArrayList<>();
        int width = Math.max(3, Integer.toString(points.size()).length());
        for (int i = 0; i < points.size(); i++) {
            String runName = name + "-" + String.format(Locale.ROOT, "%0" + width + "d", i + 1);
            List<String> o = new ArrayList<>(common);
            points.get(i).forEach((k, v) -> o.add(k + "=" + v));
            o.add("output.name=" + runName);
            runs.add(new Run(runName, points.get(i), o));
        }
        return new SweepPlan(file, base, name, keys, runs);
    }

    private static String scalar(Path file, String key, JsonNode v) {
        if (!v.isValueNode() || v.isNull()) {
            throw new InputException(file + ": " + key + " must be a single value (a number, a word or true/false)");
        }
        return v.asText();
    }
}
