package org.multipose.config;

import java.util.ArrayList;
import java.util.List;
import org.multipose.base.InputException;

/**
 * One {@code --set key.path=value} override: a key path (dot-separated keys, {@code [i]} for a list entry, e.g.
 * {@code loss[0].weight}) and a YAML value ({@code 3e-4}, {@code true}, {@code [0.7, 0.2, 0.1]},
 * {@code [{kind: mse}]}; empty = {@code ~}).
 *
 * @param text  the override as the user wrote it, for messages
 * @param steps the key path: keys, and list indices written as {@code [i]}
 * @param value the YAML text of the value
 */
public record ConfigOverride(String text, List<String> steps, String value) {

    public ConfigOverride {
        steps = List.copyOf(steps);
    }

    /** Parses {@code key.path=value}; a malformed override is an {@link InputException} naming it. */
    public static ConfigOverride parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new InputException("--set " + text + ": expected key.path=value, e.g. --set optimizer.lr=3e-4");
        }
        String path = text.substring(0, eq).trim();
        List<String> steps = new ArrayList<>();
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '[') {
                int close = path.indexOf(']', i);
                String index = close < 0 ? "" : path.substring(i + 1, close);
                if (!index.matches("[0-9]+")) {
                    throw bad(text, "a list index must look like [0]");
                }
                steps.add("[" + Integer.parseInt(index) + "]");
                i = close + 1;
                if (i < path.length() && path.charAt(i) == '.') {
                    i++;
                    if (i == path.length()) {
                        throw bad(text, "the key path ends with '.'");
                    }
                }
            } else {
                int end = i;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                String key = path.substring(i, end);
                if (key.isEmpty()) {
                    throw bad(text, "empty key in the key path");
                }
                steps.add(key);
                i = end;
                if (i < path.length() && path.charAt(i) == '.') {
                    i++;
                    if (i == path.length()) {
                        throw bad(text, "the key path ends with '.'");
                    }
                }
            }
        }
        if (steps.get(0).startsWith("[")) {
            throw bad(text, "the key path must start with a key");
        }
        return new ConfigOverride(text, steps, text.substring(eq + 1));
    }

    private static InputException bad(String text, String why) {
        return new InputException("--set " + text + ": " + why + " (expected key.path=value, e.g. loss[0].weight=0.5)");
    }

    /** The key path as written in messages: {@code loss[0].weight}. */
    public String keyPath() {
        StringBuilder sb = new StringBuilder();
        for (String s : steps) {
            if (!s.startsWith("[") && sb.length() > 0) {
                sb.append('.');
            }
            sb.append(s);
        }
        return sb.toString();
    }

    /** Where this override is named in messages. */
    String where() {
        return "--set " + text;
    }
}
