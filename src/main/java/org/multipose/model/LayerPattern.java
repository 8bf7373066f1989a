package org.multipose.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A name pattern selecting parameters by their stable names ({@code model.freeze}, {@code model.reinit}): a parameter
 * name ({@code unit1_conv.weight}), a layer name, which selects all its parameters ({@code unit1_conv} →
 * {@code unit1_conv.weight}, {@code unit1_conv.bias}), or either with the wildcards {@code *} (any run of characters)
 * and {@code ?} (one character): {@code unit?_conv}, {@code data_enc_level0_*}, {@code *}.
 *
 * @param text the pattern as written
 */
public record LayerPattern(String text) {

    public LayerPattern {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("a layer pattern must not be empty");
        }
        if (!text.matches("[A-Za-z0-9_.*?]+")) {
            throw new IllegalArgumentException("'" + text + "' is not a layer pattern: use letters, digits, '_', '.'"
                    + " and the wildcards '*' and '?'");
        }
    }

    /** Whether a pattern text is well formed (letters, digits, '_', '.', '*', '?'), for config validation. */
    public static boolean isWellFormed(String text) {
        return text != null && !text.isBlank() && text.matches("[A-Za-z0-9_.*?]+");
    }

    private Pattern regex() {
        StringBuilder b = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '*' -> b.append(".*");
                case '?' -> b.append('.');
                case '.' -> b.append("\\.");
                default -> b.append(c);
            }
        }
        return Pattern.compile(b.toString());
    }

    /** Whether the parameter {@code name} ({@code layer.kind}) is selected: by its name or by its layer's. */
    public boolean matches(String name) {
        Pattern p = regex();
        int dot = name.lastIndexOf('.');
        return p.matcher(name).matches() || (dot > 0 && p.matcher(name.substring(0, dot)).matches());
    }

    /**
     * The parameters of {@code names} any of {@code patterns} selects, in the order of {@code names}.
     *
     * @param key names the config key in the error message (e.g. "model.freeze")
     * @param model names the model in the error message
     * @throws IllegalArgumentException naming the first pattern that selects nothing, with the model's layers
     */
    public static Set<String> select(List<LayerPattern> patterns, Collection<String> names, String key, String model) {
        Set<String> out = new LinkedHashSet<>();
        for (int k = 0; k < patterns.size(); k++) {
            LayerPattern p = patterns.get(k);
            boolean any = false;
            for (String n : names) {
                if (p.matches(n)) {
                    any = true;
                }
            }
            if (!any) {
                String layers = String.join(", ", layers(names));
                throw new IllegalArgumentException(key + "[" + k + "]: '" + p.text() + "' matches no parameter of "
                        + model + "; its layers are " + (layers.length() <= 400 ? layers
                                : layers.substring(0, 400) + " …"));
            }
        }
        for (String n : names) {
            for (LayerPattern p : patterns) {
                if (p.matches(n)) {
                    out.add(n);
                    break;
                }
            }
        }
        return out;
    }

    /** The layer names of parameter names ({@code unit1_conv.weight} → {@code unit1_conv}), in order, once each. */
    public static List<String> layers(Collection<String> names) {
        Set<String> out = new LinkedHashSet<>();
        for (String n : names) {
            int dot = n.lastIndexOf('.');
            out.add(dot > 0 ? n.substring(0, dot) : n);
        }
        return new ArrayList<>(out);
    }
}
