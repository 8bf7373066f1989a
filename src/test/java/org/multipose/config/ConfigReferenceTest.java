package org.multipose.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * configs/reference.yaml and the config table of docs/config-reference.md are generated from the records; these tests
 * fail when a committed copy is stale (regenerate with
 * {@code mvn -q test -Dtest=ConfigReferenceTest -Dmultipose.regenerate=true}) and check that the reference loads to
 * exactly the defaults.
 */
class ConfigReferenceTest {

    private static final Path PROJECT = Path.of(System.getProperty("multipose.project.dir", ".")).toAbsolutePath();
    private static final boolean REGENERATE = Boolean.getBoolean("multipose.regenerate");
    private static final String BEGIN = "<!-- config-reference:begin";
    private static final String END = "<!-- config-reference:end -->";
    /** The user guide's config reference, which the README links. */
    private static final String REFERENCE_PAGE = "docs/config-reference.md";
    private static final String HOW = " (regenerate: mvn -q test -Dtest=ConfigReferenceTest -Dmultipose.regenerate=true)";

    @Test
    void referenceYamlIsUpToDate() throws IOException {
        Path file = PROJECT.resolve("configs/reference.yaml");
        String generated = ConfigReference.yaml();
        if (REGENERATE) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, generated, StandardCharsets.UTF_8);
        }
        assertEquals(generated, Files.readString(file, StandardCharsets.UTF_8), "configs/reference.yaml is stale" + HOW);
    }

    @Test
    void configReferenceTableIsUpToDate() throws IOException {
        Path page = PROJECT.resolve(REFERENCE_PAGE);
        String text = Files.readString(page, StandardCharsets.UTF_8);
        int b = text.indexOf(BEGIN);
        int e = text.indexOf(END);
        assertTrue(b >= 0 && e > b, REFERENCE_PAGE + " lacks the config-reference markers");
        int tableStart = text.indexOf('\n', b) + 1;
        String generated = ConfigReference.markdownTable();
        if (REGENERATE) {
            text = text.substring(0, tableStart) + generated + text.substring(e);
            Files.writeString(page, text, StandardCharsets.UTF_8);
            e = text.indexOf(END);
        }
        assertEquals(generated, text.substring(tableStart, e), REFERENCE_PAGE + "'s config table is stale" + HOW);
    }

    /** The reference holds every default: loading it gives the defaults record (plus its example data inputs). */
    @Test
    void referenceLoadsToTheDefaults() {
        Path configs = PROJECT.resolve("configs");
        TrainingConfig loaded = ConfigLoader.load(configs.resolve("reference.yaml"), List.of());
        PrepareConfig prepare = PrepareConfig.of(configs.resolve("poses/*.sdf"),
                Map.of("my_target", configs.resolve("my_target.pdb")), configs.resolve("affinities.csv"));
        TrainingConfig d = TrainingConfig.defaults(DataConfig.ofPrepare(prepare));
        TrainingConfig expected = new TrainingConfig(d.seed(), d.threads(), d.device(), d.data(), d.split(),
                d.grid(), d.augment(), d.model(), d.combination(), d.backward(), d.readout(), d.loss(),
                d.optimizer(), d.schedule(), d.training(), d.evaluation(), new OutputConfig(configs.resolve("runs"), Optional.empty()));
        assertEquals(expected, loaded);
    }

    /** The keys of other loss kinds, commented in the reference, are valid for their kind with the values shown. */
    @Test
    void commentedKeysOfOtherKindsAreValidWithTheirShownDefaults() {
        Map<String, StringBuilder> entries = new java.util.TreeMap<>();
        for (String line : ConfigReference.yaml().split("\n")) {
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("^ *#   (\\w+): (\\S+) +# kind ([\\w, ]+): .*").matcher(line);
            if (m.matches()) {
                // a key shared by several kinds ("kind hinge, pose_class:") goes into each of their entries
                for (String kind : m.group(3).split(", ")) {
                    entries.computeIfAbsent(kind, k -> new StringBuilder("{kind: " + k))
                            .append(", ").append(m.group(1)).append(": ").append(m.group(2));
                }
            }
        }
        assertEquals(List.of("gaussian_nll", "hinge", "pose_ce", "pose_class", "range"),
                new ArrayList<>(entries.keySet()));
        for (Map.Entry<String, StringBuilder> e : entries.entrySet()) {
            TrainingConfig c = ConfigLoader.parse("data: {dataset: d}\n", "x.yaml", Path.of("/b"),
                    TrainingConfig.class, List.of("loss=[" + e.getValue() + "}]"));
            LossConfig.Kind kind = LossConfig.Kind.valueOf(e.getKey().toUpperCase(java.util.Locale.ROOT));
            assertEquals(LossConfig.of(kind), c.loss().get(0), e.getValue().toString());
        }
    }

    /** Every key carries documentation and every section has defaults. */
    @Test
    void everyKeyIsDocumentedAndEverySectionHasDefaults() {
        List<String> problems = new ArrayList<>();
        walk(TrainingConfig.class, "", problems);
        assertEquals(List.of(), problems);
    }

    private static void walk(Class<?> section, String prefix, List<String> problems) {
        assertNotNull(ConfigSchema.defaults(section), section + " needs defaults()");
        for (RecordComponent c : section.getRecordComponents()) {
            String key = prefix + Names.yamlName(c.getName());
            Doc doc = c.getAnnotation(Doc.class);
            if (doc == null || doc.value().isBlank()) {
                problems.add(key + " has no @Doc");
            }
            Type t = c.getGenericType();
            while (ConfigSchema.raw(t) == Optional.class || ConfigSchema.raw(t) == List.class
                    || ConfigSchema.raw(t) == Map.class) {
                t = ConfigSchema.elementType(t);
            }
            if (ConfigSchema.isSection(ConfigSchema.raw(t))) {
                walk(ConfigSchema.raw(t), key + ".", problems);
            } else {
                assertNotNull(ConfigSchema.describe(t, null, null));
            }
        }
    }
}
