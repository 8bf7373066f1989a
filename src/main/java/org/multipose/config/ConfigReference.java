package org.multipose.config;

import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The documentation of the training config, generated from the records (their defaults, {@link Doc},
 * {@link Range}, {@link Size}, {@link Required}, {@link OnlyFor}) so it cannot drift from the code:
 * {@code configs/reference.yaml} ({@link #yaml()}) and the table of docs/config-reference.md
 * ({@link #markdownTable()}).
 * A test checks that both committed files equal what this generates.
 */
public final class ConfigReference {

    private ConfigReference() {}

    /** The reference config as a record: every default, plus example inputs for the required {@code data}. */
    public static TrainingConfig example() {
        return TrainingConfig.defaults(DataConfig.ofPrepare(PrepareConfig.of(Path.of("poses/*.sdf"),
                Map.of("my_target", Path.of("my_target.pdb")), Path.of("affinities.csv"))));
    }

    /** The text of {@code configs/reference.yaml}. */
    public static String yaml() {
        return "# multipose training config reference: every key at its default, with its meaning, [unit] and the\n"
                + "# allowed values. Generated from the config records (ConfigReference); do not edit by hand.\n"
                + "# Only data.prepare's inputs are examples: give either data.dataset or data.prepare.\n"
                + "# Relative paths are resolved against this file's directory; ~ means \"none\".\n"
                + "# Override any key on the command line: --set optimizer.lr=3e-4 --set 'loss=[{kind: mse}]'\n"
                + ConfigWriter.toYaml(example(), true);
    }

    /** The config table of docs/config-reference.md: key, default, unit, allowed values, meaning; one row per key. */
    public static String markdownTable() {
        List<String[]> rows = new ArrayList<>();
        // The example holds data.prepare's inputs, but those keys are required, so the table shows no example value.
        rows(TrainingConfig.class, example(), "", "", rows);
        StringBuilder sb = new StringBuilder();
        sb.append("| key | default | unit | allowed | meaning |\n|---|---|---|---|---|\n");
        for (String[] r : rows) {
            sb.append('|');
            for (int i = 0; i < r.length; i++) {
                String cell = r[i].replace("|", "\\|");
                sb.append(' ').append(i < 2 && !cell.isEmpty() && !cell.startsWith("*") ? "`" + cell + "`" : cell)
                        .append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static void rows(Class<?> section, Record dflt, String prefix, String condition, List<String[]> out) {
        for (RecordComponent c : section.getRecordComponents()) {
            String key = prefix + Names.yamlName(c.getName());
            Object value = ConfigSchema.component(dflt, c);
            Type type = c.getGenericType();
            Class<?> raw = ConfigSchema.raw(type);
            OnlyFor only = c.getAnnotation(OnlyFor.class);
            String cond = only == null ? condition : only.key() + " " + String.join(", ", only.value()) + ": ";
            if (ConfigSchema.isSection(raw)) {
                rows(raw, (Record) value, key + ".", cond, out);
                continue;
            }
            if (raw == Optional.class && ConfigSchema.isSection(ConfigSchema.raw(ConfigSchema.elementType(type)))) {
                Class<?> el = ConfigSchema.raw(ConfigSchema.elementType(type));
                out.add(row(c, key, "~", cond));
                rows(el, ((Optional<?>) value).map(Record.class::cast).orElse(ConfigSchema.defaults(el)),
                        key + ".", cond, out);
                continue;
            }
            out.add(row(c, key, defaultText(c, value, type), cond));
            if ((raw == List.class || raw == Map.class)
                    && ConfigSchema.isSection(ConfigSchema.raw(ConfigSchema.elementType(type)))) {
                Class<?> el = ConfigSchema.raw(ConfigSchema.elementType(type));
                rows(el, ConfigSchema.defaults(el), key + (raw == List.class ? "[]." : ".NAME."), cond, out);
            }
        }
    }

    private static String[] row(RecordComponent c, String key, String dflt, String cond) {
        Doc d = c.getAnnotation(Doc.class);
        String allowed = ConfigSchema.describe(c);
        Class<?> raw = ConfigSchema.raw(c.getGenericType());
        boolean ofSections = (raw == Optional.class || raw == List.class || raw == Map.class)
                && ConfigSchema.isSection(ConfigSchema.raw(ConfigSchema.elementType(c.getGenericType())));
        if (ofSections) {
            Size size = c.getAnnotation(Size.class);
            allowed = raw == Optional.class ? "a mapping (keys below), or ~ for none"
                    : raw == Map.class ? "a mapping of name → mapping (keys below)"
                    : "a list of mappings (keys below)" + (size != null && size.min() > 0
                            ? ", at least " + size.min() : "");
        }
        return new String[] {key, dflt, d == null ? "" : d.unit(), allowed, cond + (d == null ? "" : d.value())};
    }

    private static String defaultText(RecordComponent c, Object value, Type type) {
        if (c.isAnnotationPresent(Required.class)) {
            return "*required*";
        }
        Doc d = c.getAnnotation(Doc.class);
        if (d != null && !d.defaultText().isEmpty()) {
            return "*" + d.defaultText() + "*";
        }
        Object plain = plain(value, type);
        if (plain instanceof List<?> || plain instanceof Map<?, ?>) {
            DumperOptions o = new DumperOptions();
            o.setDefaultFlowStyle(DumperOptions.FlowStyle.FLOW);
            o.setWidth(Integer.MAX_VALUE);
            return new Yaml(o).dump(plain).strip();
        }
        return value instanceof Optional<?> o && o.isEmpty() ? "~" : ConfigWriter.scalar(plain);
    }

    /** The value as plain YAML-able Java: maps for sections (applicable keys only), strings for enums and paths. */
    private static Object plain(Object value, Type type) {
        Class<?> raw = ConfigSchema.raw(type);
        if (raw == Optional.class) {
            return ((Optional<?>) value).map(v -> plain(v, ConfigSchema.elementType(type))).orElse(null);
        }
        if (raw == List.class) {
            List<Object> out = new ArrayList<>();
            for (Object v : (List<?>) value) {
                out.add(plain(v, ConfigSchema.elementType(type)));
            }
            return out;
        }
        if (raw == Map.class) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<?, ?>) value).forEach((k, v) -> out.put((String) k, plain(v, ConfigSchema.elementType(type))));
            return out;
        }
        if (ConfigSchema.isSection(raw)) {
            RecordComponent[] comps = raw.getRecordComponents();
            Object[] values = ConfigSchema.values((Record) value);
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < comps.length; i++) {
                if (ConfigSchema.applies(comps[i], comps, values)) {
                    out.put(Names.yamlName(comps[i].getName()), plain(values[i], comps[i].getGenericType()));
                }
            }
            return out;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value;
        }
        return ConfigSchema.scalarText(value);
    }
}
