package org.multipose.config;

import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes config records as YAML that {@link ConfigLoader} reads back to an equal record: every applicable key,
 * block style for sections, flow style for lists of scalars, {@code ~} for an empty optional. With comments, every
 * key carries its {@link Doc}, unit and allowed values (the form of {@code configs/reference.yaml}).
 */
public final class ConfigWriter {

    /** Column at which key comments start (when the line is shorter). */
    private static final int COMMENT_COLUMN = 40;

    private final boolean comments;
    private final StringBuilder out = new StringBuilder();

    private ConfigWriter(boolean comments) {
        this.comments = comments;
    }

    /** The config as YAML, without comments (e.g. the resolved {@code config.yaml} of a run directory). */
    public static String toYaml(Record config) {
        return toYaml(config, false);
    }

    /** The config as YAML; with {@code comments}, each key is documented (unit, allowed values, meaning). */
    public static String toYaml(Record config, boolean comments) {
        ConfigWriter w = new ConfigWriter(comments);
        w.section(config, 0);
        return w.out.toString();
    }

    private void section(Record r, int indent) {
        RecordComponent[] comps = r.getClass().getRecordComponents();
        Object[] values = ConfigSchema.values(r);
        for (int i = 0; i < comps.length; i++) {
            if (ConfigSchema.applies(comps[i], comps, values)) {
                entry(indent, Names.yamlName(comps[i].getName()), values[i], comps[i].getGenericType(), comps[i]);
            }
        }
    }

    private void entry(int indent, String key, Object value, Type type, RecordComponent doc) {
        Class<?> raw = ConfigSchema.raw(type);
        String head = " ".repeat(indent) + key + ":";
        if (raw == Optional.class) {
            Optional<?> o = (Optional<?>) value;
            if (o.isEmpty()) {
                line(head + " ~", doc, type);
            } else {
                entry(indent, key, o.get(), ConfigSchema.elementType(type), doc);
            }
            return;
        }
        if (ConfigSchema.isSection(raw)) {
            line(head, doc, null);
            section((Record) value, indent + 2);
            return;
        }
        if (raw == List.class) {
            List<?> list = (List<?>) value;
            Class<?> el = ConfigSchema.raw(ConfigSchema.elementType(type));
            if (list.isEmpty() || !ConfigSchema.isSection(el)) {
                line(head + " " + flow(list), doc, type);
                return;
            }
            line(head, doc, null);
            Set<String> shown = new TreeSet<>();
            for (Object item : list) {
                ConfigWriter w = new ConfigWriter(comments);
                w.section((Record) item, indent + 4);
                String text = w.out.toString();
                out.append(" ".repeat(indent + 2)).append("- ").append(text.substring(indent + 4));
                shown.addAll(discriminators((Record) item));
            }
            otherVariants(el, shown, indent + 2);
            return;
        }
        if (raw == Map.class) {
            Map<?, ?> map = (Map<?, ?>) value;
            if (map.isEmpty()) {
                line(head + " {}", doc, type);
                return;
            }
            line(head, doc, type);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                entry(indent + 2, scalar(e.getKey()), e.getValue(), ConfigSchema.elementType(type), null);
            }
            return;
        }
        line(head + " " + scalar(value), doc, type);
    }

    /** For a list of sections with {@link OnlyFor} keys: the keys of variants not shown, as comments. */
    private void otherVariants(Class<?> section, Set<String> shown, int indent) {
        if (!comments) {
            return;
        }
        Record d = ConfigSchema.defaults(section);
        List<String> lines = new ArrayList<>();
        for (RecordComponent c : section.getRecordComponents()) {
            OnlyFor only = c.getAnnotation(OnlyFor.class);
            if (only == null || shown.containsAll(List.of(only.value()))) {
                continue;
            }
            String text = "#   " + Names.yamlName(c.getName()) + ": " + scalar(ConfigSchema.component(d, c));
            lines.add(pad(" ".repeat(indent) + text) + "# " + only.key() + " " + String.join(", ", only.value())
                    + ": " + comment(c, c.getGenericType()));
        }
        if (!lines.isEmpty()) {
            out.append(" ".repeat(indent)).append("# keys of the other kinds (add them to an entry of that kind):\n");
            lines.forEach(l -> out.append(l).append('\n'));
        }
    }

    private static Set<String> discriminators(Record r) {
        Set<String> out = new TreeSet<>();
        RecordComponent[] comps = r.getClass().getRecordComponents();
        Object[] values = ConfigSchema.values(r);
        for (RecordComponent c : comps) {
            OnlyFor only = c.getAnnotation(OnlyFor.class);
            if (only != null) {
                out.add(ConfigSchema.discriminatorValue(only, comps, values));
            }
        }
        return out;
    }

    private void line(String text, RecordComponent doc, Type type) {
        out.append(text);
        if (comments && doc != null) {
            String c = type == null ? docText(doc) : comment(doc, type);
            if (!c.isEmpty()) {
                out.setLength(out.length() - text.length());
                out.append(pad(text)).append("# ").append(c);
            }
        }
        out.append('\n');
    }

    private static String pad(String text) {
        return text.length() < COMMENT_COLUMN ? text + " ".repeat(COMMENT_COLUMN - text.length()) : text + "  ";
    }

    private static String docText(RecordComponent c) {
        Doc d = c.getAnnotation(Doc.class);
        return d == null ? "" : d.value();
    }

    /** "meaning [unit]; allowed values". */
    static String comment(RecordComponent c, Type type) {
        Doc d = c.getAnnotation(Doc.class);
        StringBuilder sb = new StringBuilder();
        if (d != null) {
            sb.append(d.value());
            if (!d.unit().isEmpty()) {
                sb.append(" [").append(d.unit()).append(']');
            }
            if (!d.defaultText().isEmpty()) {
                sb.append("; default: ").append(d.defaultText());
            }
        }
        if (c.isAnnotationPresent(Required.class)) {
            sb.append(sb.length() > 0 ? "; " : "").append("required");
        }
        String allowed = c.isAnnotationPresent(OneOf.class) ? ConfigSchema.describe(c)
                : ConfigSchema.describe(type, c.getAnnotation(Range.class), c.getAnnotation(Size.class));
        return sb + (sb.length() > 0 ? "; " : "") + allowed;
    }

    /** One scalar in YAML syntax, quoted only when plain text would read back differently. */
    static String scalar(Object v) {
        if (v instanceof String || v instanceof Path || v instanceof Record) {
            return dump(v.toString());
        }
        return ConfigSchema.scalarText(v);
    }

    /** A list of scalars in flow style: {@code [0.8, 0.1, 0.1]}. */
    static String flow(List<?> list) {
        List<Object> plain = new ArrayList<>();
        for (Object v : list) {
            plain.add(v instanceof Number || v instanceof Boolean ? v : ConfigSchema.scalarText(v));
        }
        DumperOptions o = options();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.FLOW);
        return new Yaml(o).dump(plain).strip();
    }

    private static String dump(String s) {
        return new Yaml(options()).dump(s).strip();
    }

    private static DumperOptions options() {
        DumperOptions o = new DumperOptions();
        o.setWidth(Integer.MAX_VALUE);
        o.setSplitLines(false);
        return o;
    }
}
