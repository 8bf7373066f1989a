package org.multipose.config;

import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.multipose.base.InputException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Binds a {@link ConfigDocument}'s node tree to config records ({@link ConfigSchema}): unknown keys, missing
 * required keys, wrong types, values outside {@link Range} / {@link Size}, and {@link ConfigProblem}s thrown by the
 * records' constructors all become an {@link InputException} whose message is
 * {@code <file>:<line>: <key.path>: <what is wrong and what is allowed>}, or {@code --set <override>: ...} when the
 * value came from an override. Paths from the file are returned as written (the loader resolves them against the
 * file's directory); paths from an override are resolved against the working directory here.
 */
final class ConfigBinder {

    private final ConfigDocument doc;
    private final YamlScalars scalars = new YamlScalars();

    ConfigBinder(ConfigDocument doc) {
        this.doc = doc;
    }

    <T extends Record> T bindRoot(Class<T> type) {
        return type.cast(bindSection(type, doc.root(), "", doc.rootWhere(), ConfigSchema.defaults(type)));
    }

    /**
     * @param anchor the node that names this value (its key, or the value itself for a list entry): mapping-level
     *               problems such as a missing key are reported at its line
     */
    private Object bind(Node node, Node anchor, Type type, String path, Object dflt, Range range, Size size) {
        Class<?> raw = ConfigSchema.raw(type);
        if (raw == Optional.class) {
            if (isNull(node)) {
                return Optional.empty();
            }
            Object inner = dflt == null ? null : ((Optional<?>) dflt).orElse(null);
            return Optional.of(bind(node, anchor, ConfigSchema.elementType(type), path, inner, range, size));
        }
        if (isNull(node)) {
            throw fail(node, path, "needs a value: " + ConfigSchema.describe(type, range, size));
        }
        if (raw == List.class) {
            return bindList(node, type, path, range, size);
        }
        if (raw == Map.class) {
            return bindMap(node, type, path, range, size);
        }
        if (ConfigSchema.isSection(raw)) {
            Record d = dflt instanceof Record r ? r : ConfigSchema.defaults(raw);
            return bindSection(raw, node, path, doc.where(anchor), d);
        }
        if (!(node instanceof ScalarNode scalar)) {
            throw fail(node, path, "expected " + ConfigSchema.describe(type, range, size) + ", got a "
                    + (node instanceof SequenceNode ? "list" : "mapping"));
        }
        return bindScalar(scalar, raw, path, range, size);
    }

    private Object bindScalar(ScalarNode node, Class<?> type, String path, Range range, Size size) {
        Class<?> raw = unbox(type);
        String text = node.getValue();
        Tag tag = node.getTag();
        if (raw == boolean.class) {
            if (!tag.equals(Tag.BOOL)) {
                throw fail(node, path, "expected true or false, got '" + text + "'");
            }
            return scalars.value(node);
        }
        if (raw == int.class || raw == long.class) {
            if (!tag.equals(Tag.INT)) {
                throw fail(node, path, "expected " + ConfigSchema.describe(raw, range, size) + ", got '" + text + "'");
            }
            Object v = scalars.value(node);
            BigInteger big = v instanceof BigInteger b ? b : BigInteger.valueOf(((Number) v).longValue());
            BigInteger limit = BigInteger.valueOf(raw == int.class ? Integer.MAX_VALUE : Long.MAX_VALUE);
            if (big.abs().compareTo(limit) > 0) {
                throw fail(node, path, "'" + text + "' is too large for " + (raw == int.class ? "an int" : "a long"));
            }
            checkRange(node, path, big.doubleValue(), range, true);
            return raw == int.class ? (Object) big.intValue() : (Object) big.longValue();
        }
        if (raw == double.class) {
            if (!tag.equals(Tag.INT) && !tag.equals(Tag.FLOAT)) {
                throw fail(node, path, "expected " + ConfigSchema.describe(raw, range, size) + ", got '" + text + "'");
            }
            double v = ((Number) scalars.value(node)).doubleValue();
            if (Double.isNaN(v)) {
                throw fail(node, path, "expected " + ConfigSchema.describe(raw, range, size) + ", got '" + text + "'");
            }
            checkRange(node, path, v, range, false);
            return v;
        }
        if (raw == String.class) {
            return text;
        }
        if (raw == Path.class) {
            try {
                Path p = text.startsWith("~/") ? Path.of(System.getProperty("user.home"), text.substring(2))
                        : Path.of(text);
                // Paths from an override are the user's shell words: relative to the working directory.
                return doc.overrideOf(node) != null ? p.toAbsolutePath().normalize() : p;
            } catch (InvalidPathException e) {
                throw fail(node, path, "'" + text + "' is not a valid path: " + e.getReason());
            }
        }
        if (raw.isEnum()) {
            return Names.enumConstant(raw, text).orElseThrow(() -> fail(node, path,
                    "'" + text + "' is not one of " + String.join(", ", Names.yamlNames(raw))));
        }
        if (ConfigSchema.isCustomScalar(raw)) {
            try {
                return ConfigSchema.parseCustom(raw, text);
            } catch (IllegalArgumentException e) {
                throw fail(node, path, e.getMessage());
            }
        }
        throw new IllegalStateException("unsupported config type " + raw + " at " + path);
    }

    private void checkRange(Node node, String path, double v, Range range, boolean integer) {
        if (!ConfigSchema.inRange(range, v)) {
            throw fail(node, path, "must be " + ConfigSchema.describeRange(range, integer) + ", got "
                    + ((ScalarNode) node).getValue());
        }
    }

    private List<Object> bindList(Node node, Type type, String path, Range range, Size size) {
        if (!(node instanceof SequenceNode seq)) {
            throw fail(node, path, "expected " + ConfigSchema.describe(type, range, size) + ", got "
                    + shape(node));
        }
        checkSize(node, path, seq.getValue().size(), size);
        List<Object> out = new ArrayList<>();
        List<Node> items = seq.getValue();
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            out.add(bind(item, item, ConfigSchema.elementType(type), path + "[" + i + "]", null, range, null));
        }
        return Collections.unmodifiableList(out);
    }

    private Map<String, Object> bindMap(Node node, Type type, String path, Range range, Size size) {
        if (!(node instanceof MappingNode map)) {
            throw fail(node, path, "expected " + ConfigSchema.describe(type, range, size) + ", got " + shape(node));
        }
        Map<String, Object> out = new TreeMap<>();
        for (Map.Entry<String, NodeTuple> e : entries(map, path).entrySet()) {
            NodeTuple t = e.getValue();
            out.put(e.getKey(), bind(t.getValueNode(), t.getKeyNode(), ConfigSchema.elementType(type),
                    join(path, e.getKey()), null, range, size));
        }
        return Collections.unmodifiableMap(out);
    }

    private void checkSize(Node node, String path, int n, Size size) {
        if (size == null || (n >= size.min() && n <= size.max())) {
            return;
        }
        String want = size.min() == size.max() ? "exactly " + size.min()
                : size.max() == Integer.MAX_VALUE ? "at least " + size.min()
                : "between " + size.min() + " and " + size.max();
        throw fail(node, path, "needs " + want + (size.max() == 1 ? " entry" : " entries") + ", got " + n);
    }

    private Record bindSection(Class<?> section, Node node, String path, String where, Record dflt) {
        if (!(node instanceof MappingNode map)) {
            throw fail(node, path, "expected a mapping with keys " + String.join(", ", ConfigSchema.keys(section))
                    + ", got " + shape(node));
        }
        RecordComponent[] comps = section.getRecordComponents();
        List<String> known = ConfigSchema.keys(section);
        Map<String, NodeTuple> given = entries(map, path);
        for (Map.Entry<String, NodeTuple> e : given.entrySet()) {
            if (!known.contains(e.getKey())) {
                Optional<String> hint = Names.closest(e.getKey(), known);
                throw fail(e.getValue().getKeyNode(), join(path, e.getKey()), "unknown key; "
                        + hint.map(h -> "did you mean '" + h + "'?").orElse("allowed: " + String.join(", ", known)));
            }
        }
        Object[] values = new Object[comps.length];
        InputException missing = null; // reported after the given keys, so a typo elsewhere is named first
        for (int i = 0; i < comps.length; i++) {
            RecordComponent c = comps[i];
            String key = known.get(i);
            NodeTuple t = given.get(key);
            boolean applies = ConfigSchema.applies(c, comps, values);
            // An optional key is absent unless given (so a placeholder in defaults() cannot leak into a config).
            Object dv = c.getType() == Optional.class ? Optional.empty() : ConfigSchema.component(dflt, c);
            if (t == null) {
                if (applies && missing == null && c.isAnnotationPresent(Required.class)) {
                    missing = new InputException(where + ": " + join(path, key) + ": missing required key ("
                            + ConfigSchema.describe(c) + ")");
                }
                values[i] = dv;
            } else {
                if (!applies) {
                    OnlyFor only = c.getAnnotation(OnlyFor.class);
                    if (droppable(given, only.key(), t)) {
                        drop(given, path, key, only.key(), List.of(only.value()));
                        values[i] = dv;
                        continue;
                    }
                    throw fail(t.getKeyNode(), join(path, key), "only applies to " + only.key() + " "
                            + String.join(", ", only.value()) + " (this one is " + only.key() + " "
                            + ConfigSchema.discriminatorValue(only, comps, values) + ")"
                            + addHint(given, path, t, only.key(), List.of(only.value())));
                }
                requireOneOf(c, t.getValueNode(), join(path, key));
                values[i] = bind(t.getValueNode(), t.getKeyNode(), c.getGenericType(), join(path, key), dv,
                        c.getAnnotation(Range.class), c.getAnnotation(Size.class));
            }
        }
        if (missing != null) {
            throw missing;
        }
        while (true) {
            try {
                return ConfigSchema.construct(section, values);
            } catch (ConfigProblem p) {
                NodeTuple t = given.get(p.key());
                if (t != null && p.discriminator().isPresent() && droppable(given, p.discriminator().get(), t)) {
                    int i = known.indexOf(p.key());
                    drop(given, path, p.key(), p.discriminator().get(), p.applicable());
                    values[i] = comps[i].getType() == Optional.class ? Optional.empty()
                            : ConfigSchema.component(dflt, comps[i]);
                    continue;
                }
                String at = t != null ? doc.where(t.getKeyNode()) : where;
                String key = p.key().isEmpty() ? path : join(path, p.key());
                String hint = t != null && p.discriminator().isPresent()
                        ? addHint(given, path, t, p.discriminator().get(), p.applicable()) : "";
                throw new InputException(at + ": " + (key.isEmpty() ? "" : key + ": ") + p.problem() + hint);
            } catch (IllegalArgumentException e) {
                throw new InputException(where + ": " + (path.isEmpty() ? "" : path + ": ") + e.getMessage());
            }
        }
    }

    /** For a {@link OneOf} key: a scalar that names none of its accepted constants is refused, listing them. */
    private void requireOneOf(RecordComponent c, Node node, String path) {
        OneOf one = c.getAnnotation(OneOf.class);
        if (one == null || !(node instanceof ScalarNode scalar)) {
            return;
        }
        String text = scalar.getValue();
        Optional<String> name = Names.enumConstant(c.getType(), text).map(e -> Names.yamlName((Enum<?>) e));
        if (name.isEmpty() || !List.of(one.value()).contains(name.get())) {
            throw fail(node, path, "'" + text + "' is not one of " + String.join(", ", one.value()));
        }
    }

    /**
     * The general rule for keys of another variant: when an override sets the discriminator (e.g.
     * {@code --set split.method=random}) and the key that no longer applies came from the file, the override means
     * the old variant's keys to go, so they are dropped with a note rather than refused.
     */
    private boolean droppable(Map<String, NodeTuple> given, String discriminator, NodeTuple keyTuple) {
        NodeTuple d = given.get(discriminator);
        return d != null && doc.overrideOf(d.getValueNode()) != null && doc.overrideOf(keyTuple.getKeyNode()) == null
                && doc.overrideOf(keyTuple.getValueNode()) == null;
    }

    private void drop(Map<String, NodeTuple> given, String path, String key, String discriminator,
            List<String> applicable) {
        NodeTuple t = given.remove(key);
        NodeTuple d = given.get(discriminator);
        doc.note(doc.where(d.getValueNode()) + ": dropped " + join(path, key) + " (" + doc.where(t.getKeyNode())
                + "), which only applies to " + discriminator + " " + String.join(", ", applicable));
    }

    /**
     * For a key set by an override whose discriminator says another variant: the exact {@code --set} that makes it
     * apply, when one value does.
     */
    private String addHint(Map<String, NodeTuple> given, String path, NodeTuple keyTuple, String discriminator,
            List<String> applicable) {
        NodeTuple d = given.get(discriminator);
        boolean keyFromOverride = doc.overrideOf(keyTuple.getKeyNode()) != null
                || doc.overrideOf(keyTuple.getValueNode()) != null;
        if (!keyFromOverride || applicable.size() != 1 || (d != null && doc.overrideOf(d.getValueNode()) != null)) {
            return "";
        }
        return "; add --set " + join(path, discriminator) + "=" + applicable.get(0);
    }

    /** The entries of a mapping by key, in order; non-scalar keys and duplicates are errors. */
    private Map<String, NodeTuple> entries(MappingNode map, String path) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k) || isNull(k)) {
                throw fail(t.getKeyNode(), path, "keys must be plain names");
            }
            NodeTuple before = out.put(k.getValue(), t);
            if (before != null) {
                throw fail(k, join(path, k.getValue()), "duplicate key (first given at "
                        + doc.where(before.getKeyNode()) + ")");
            }
        }
        return out;
    }

    private static Class<?> unbox(Class<?> c) {
        if (c == Double.class) {
            return double.class;
        }
        if (c == Integer.class) {
            return int.class;
        }
        if (c == Long.class) {
            return long.class;
        }
        return c == Boolean.class ? boolean.class : c;
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    private static String shape(Node node) {
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        return "'" + ((ScalarNode) node).getValue() + "'";
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private InputException fail(Node node, String path, String problem) {
        return new InputException(doc.where(node) + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
    }

    /** YAML 1.1 scalar values by their resolved tag (ints with _, 0x..; .inf; yes/no), via SnakeYAML. */
    private static final class YamlScalars extends SafeConstructor {

        YamlScalars() {
            super(new LoaderOptions());
        }

        Object value(ScalarNode node) {
            return constructObject(node);
        }
    }
}
