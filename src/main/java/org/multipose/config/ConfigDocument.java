package org.multipose.config;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.multipose.base.InputException;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A config file as a YAML node tree that remembers where every node came from: the file and line (SnakeYAML's
 * node marks), or the {@code --set} override that put it there. Overrides are applied to the tree before binding,
 * so they are validated exactly like the file.
 */
final class ConfigDocument {

    private final String label;
    private final MappingNode root;
    private final Map<Node, ConfigOverride> fromOverride = new IdentityHashMap<>();
    private final List<String> notes = new ArrayList<>();

    private ConfigDocument(String label, MappingNode root) {
        this.label = label;
        this.root = root;
    }

    /** Parses YAML text; {@code label} names the file in messages (as the user gave it). */
    static ConfigDocument parse(String text, String label) {
        Node node;
        try {
            node = yaml().compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 1;
            throw new InputException(label + ":" + line + ": not valid YAML: " + oneLine(e.getProblem()));
        } catch (YAMLException e) {
            throw new InputException(label + ": not valid YAML: " + oneLine(e.getMessage()));
        }
        if (node == null) {
            node = new MappingNode(Tag.MAP, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
        }
        if (!(node instanceof MappingNode m)) {
            throw new InputException(label + ":" + (node.getStartMark().getLine() + 1)
                    + ": a config must be a mapping of keys (seed: 42, data: ..., ...)");
        }
        return new ConfigDocument(label, m);
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // duplicates are reported by the binder with both lines
        return new Yaml(options);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    MappingNode root() {
        return root;
    }

    /** Where the root is: the file's first line. */
    String rootWhere() {
        return label + ":1";
    }

    /** Where a node is: {@code file:line} or {@code --set key=value}. */
    String where(Node node) {
        ConfigOverride o = fromOverride.get(node);
        if (o != null) {
            return o.where();
        }
        return label + ":" + (node.getStartMark().getLine() + 1);
    }

    /** Records a note for the user (e.g. a key an override dropped). */
    void note(String text) {
        notes.add(text);
    }

    /** The notes recorded while binding, in order. */
    List<String> notes() {
        return List.copyOf(notes);
    }

    /** The override that put this node here, or null when it comes from the file. */
    ConfigOverride overrideOf(Node node) {
        return fromOverride.get(node);
    }

    /** Puts the override's value at its key path, creating the mappings on the way. */
    void apply(ConfigOverride o) {
        Node value = parseValue(o);
        Node at = root;
        String path = "";
        List<String> steps = o.steps();
        for (int s = 0; s < steps.size(); s++) {
            String step = steps.get(s);
            boolean last = s == steps.size() - 1;
            if (step.startsWith("[")) {
                int index = Integer.parseInt(step.substring(1, step.length() - 1));
                if (!(at instanceof SequenceNode seq)) {
                    throw new InputException(o.where() + ": " + path + " is not a list here, so " + step
                            + " cannot be set");
                }
                if (index >= seq.getValue().size()) {
                    int n = seq.getValue().size();
                    throw new InputException(o.where() + ": " + path + step + ": no such entry; the list has " + n
                            + (n == 1 ? " entry" : " entries"));
                }
                if (last) {
                    seq.getValue().set(index, value);
                } else {
                    at = seq.getValue().get(index);
                }
                path += step;
                continue;
            }
            if (!(at instanceof MappingNode map)) {
                throw new InputException(o.where() + ": " + path + " is not a mapping here, so " + step
                        + " cannot be set (replace the whole of " + path + " instead)");
            }
            path = path.isEmpty() ? step : path + "." + step;
            List<NodeTuple> tuples = map.getValue();
            int found = -1;
            for (int t = 0; t < tuples.size(); t++) {
                if (tuples.get(t).getKeyNode() instanceof ScalarNode k && k.getValue().equals(step)) {
                    found = t; // the last one wins, as in most YAML readers; duplicates are reported anyway
                }
            }
            Node existing = found >= 0 ? tuples.get(found).getValueNode() : null;
            if (existing == null && !last && steps.get(s + 1).startsWith("[")) {
                throw new InputException(o.where() + ": " + path + " is not in the config file, so its entries"
                        + " cannot be set one by one; set the whole list, e.g. --set '" + path + "=[...]'");
            }
            Node next;
            if (last) {
                next = value;
            } else if (existing instanceof MappingNode || existing instanceof SequenceNode) {
                next = existing;
            } else {
                next = newMapping(o); // a scalar (or nothing) is in the way: the override replaces it
            }
            if (found >= 0) {
                if (next != existing) {
                    tuples.set(found, new NodeTuple(tuples.get(found).getKeyNode(), next));
                }
            } else {
                ScalarNode key = new ScalarNode(Tag.STR, step, null, null, DumperOptions.ScalarStyle.PLAIN);
                fromOverride.put(key, o);
                tuples.add(new NodeTuple(key, next));
            }
            at = next;
        }
    }

    private Node newMapping(ConfigOverride o) {
        MappingNode m = new MappingNode(Tag.MAP, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
        fromOverride.put(m, o);
        return m;
    }

    private Node parseValue(ConfigOverride o) {
        Node value;
        try {
            value = yaml().compose(new StringReader(o.value()));
        } catch (YAMLException e) {
            String why = e instanceof MarkedYAMLException m ? m.getProblem() : e.getMessage();
            throw new InputException(o.where() + ": the value is not valid YAML: " + oneLine(why));
        }
        if (value == null) {
            value = new ScalarNode(Tag.NULL, "", null, null, DumperOptions.ScalarStyle.PLAIN);
        }
        mark(value, o);
        return value;
    }

    private void mark(Node n, ConfigOverride o) {
        if (fromOverride.put(n, o) != null) {
            return; // an alias seen before
        }
        if (n instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                mark(t.getKeyNode(), o);
                mark(t.getValueNode(), o);
            }
        } else if (n instanceof SequenceNode s) {
            for (Node c : s.getValue()) {
                mark(c, o);
            }
        }
    }
}
