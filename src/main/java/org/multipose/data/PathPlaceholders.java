package org.multipose.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.multipose.base.InputException;

/**
 * The {@code {target}} and {@code {id}} placeholders of a poses pattern's glob part (the segments from the first
 * glob segment on): where they are, the glob that finds the files (each placeholder reads as {@code ?*}, one or more
 * characters within a name), and the values a matched path gives them.
 *
 * <p>A placeholder may sit anywhere inside a path segment ({@code docked_{target}.sdf}, {@code ligand_{id}}) or be
 * the whole segment; each may appear once. When one segment holds two placeholders the first takes as many
 * characters as it can ({@code {id}_{target}.sdf} on {@code lig_1_A.sdf}: id {@code lig_1}, target {@code A}), and
 * they must be separated by at least one fixed character. A {@code **} before or in a placeholder's segment is
 * refused: the segment holding the value would be ambiguous.
 */
final class PathPlaceholders {

    /** The placeholder names, as written between braces. */
    static final List<String> NAMES = List.of("target", "id");

    private final List<String> segments;
    /** Placeholder name → index of its segment in {@link #segments}. */
    private final Map<String, Integer> segmentOf;
    /** Segment index → regex with a named group per placeholder in it. */
    private final Map<Integer, Pattern> regexOf;

    private PathPlaceholders(List<String> segments, Map<String, Integer> segmentOf, Map<Integer, Pattern> regexOf) {
        this.segments = List.copyOf(segments);
        this.segmentOf = segmentOf;
        this.regexOf = regexOf;
    }

    /** True when {@code text} holds the placeholder {@code {name}}. */
    static boolean has(String text, String name) {
        return text.contains("{" + name + "}");
    }

    /**
     * Parses the glob part's segments.
     *
     * @param pattern the whole pattern, for messages
     * @throws InputException for a placeholder given twice, a misspelt one, two placeholders without a separator, or
     *                        a {@code **} before a placeholder
     */
    static PathPlaceholders parse(String pattern, List<String> segments) {
        Map<String, Integer> segmentOf = new TreeMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String s = segments.get(i);
            for (String name : NAMES) {
                int at = s.indexOf("{" + name);
                while (at >= 0) {
                    if (!s.startsWith("{" + name + "}", at)) {
                        int close = s.indexOf('}', at);
                        String got = close < 0 ? s.substring(at) : s.substring(at, close + 1);
                        throw new InputException("poses '" + pattern + "': '" + got + "' is not a placeholder; write"
                                + " {" + name + "} (e.g. ligand_*/docked_{target}.sdf)");
                    }
                    if (segmentOf.put(name, i) != null) {
                        throw new InputException("poses '" + pattern + "': {" + name + "} may appear once");
                    }
                    at = s.indexOf("{" + name, at + 1);
                }
            }
            if (s.contains("{target}{id}") || s.contains("{id}{target}")) {
                throw new InputException("poses '" + pattern + "': {id} and {target} in '" + s + "' need a fixed"
                        + " character between them (e.g. {id}_{target}.sdf)");
            }
        }
        for (Map.Entry<String, Integer> e : segmentOf.entrySet()) {
            for (int i = 0; i <= e.getValue(); i++) {
                if (segments.get(i).contains("**")) {
                    throw new InputException("poses '" + pattern + "': ** before {" + e.getKey() + "} leaves the"
                            + " segment holding it ambiguous; name the folders up to {" + e.getKey()
                            + "} without **");
                }
            }
        }
        Map<Integer, Pattern> regexOf = new TreeMap<>();
        for (int i : segmentOf.values()) {
            regexOf.computeIfAbsent(i, k -> Pattern.compile(GlobRegex.segment(segments.get(k))));
        }
        return new PathPlaceholders(segments, segmentOf, regexOf);
    }

    /** The glob of the segments, each placeholder read as {@code ?*} (one or more characters of a name). */
    String glob() {
        String g = String.join("/", segments);
        for (String name : NAMES) {
            g = g.replace("{" + name + "}", "?*");
        }
        return g;
    }

    /** True when the pattern has {@code {name}}. */
    boolean present(String name) {
        return segmentOf.containsKey(name);
    }

    /**
     * The value of placeholder {@code name} in {@code rel} (a path relative to the glob's base that the glob
     * matched, or a directory it matched): "" when the pattern has no such placeholder; empty when the name does
     * not give it (a path the regex cannot split the way the glob did).
     */
    Optional<String> value(Path rel, String name) {
        Integer i = segmentOf.get(name);
        if (i == null) {
            return Optional.of("");
        }
        if (i >= rel.getNameCount()) {
            return Optional.empty();
        }
        Matcher m = regexOf.get(i).matcher(rel.getName(i).toString());
        return m.matches() ? Optional.of(m.group(name)) : Optional.empty();
    }

    /** Translation of one glob segment (Java's glob syntax) into a regex with named placeholder groups. */
    static final class GlobRegex {

        private GlobRegex() {}

        /** The regex of a whole segment; {@code {target}} and {@code {id}} become greedy named groups. */
        static String segment(String glob) {
            StringBuilder r = new StringBuilder();
            translate(glob, r);
            return r.toString();
        }

        private static void translate(String g, StringBuilder r) {
            int to = g.length();
            int i = 0;
            while (i < to) {
                char c = g.charAt(i);
                String placeholder = placeholderAt(g, i);
                if (placeholder != null) {
                    r.append("(?<").append(placeholder).append(">.+)");
                    i += placeholder.length() + 2;
                    continue;
                }
                switch (c) {
                    case '*' -> r.append("[^/]*");
                    case '?' -> r.append("[^/]");
                    case '\\' -> {
                        if (i + 1 < to) {
                            r.append(Pattern.quote(String.valueOf(g.charAt(++i))));
                        }
                    }
                    case '[' -> {
                        int close = g.indexOf(']', i + 2);
                        if (close < 0) {
                            r.append("\\[");
                        } else {
                            String body = g.substring(i + 1, close);
                            if (body.startsWith("!")) {
                                body = "^" + body.substring(1);
                            }
                            r.append('[').append(body.replace("\\", "\\\\").replace("[", "\\[")).append(']');
                            i = close;
                        }
                    }
                    case '{' -> {
                        int close = matchingBrace(g, i, to);
                        List<String> alternatives = splitAlternatives(g, i + 1, close);
                        r.append("(?:");
                        for (int k = 0; k < alternatives.size(); k++) {
                            if (k > 0) {
                                r.append('|');
                            }
                            translate(alternatives.get(k), r);
                        }
                        r.append(')');
                        i = close;
                    }
                    default -> r.append(Pattern.quote(String.valueOf(c)));
                }
                i++;
            }
        }

        private static String placeholderAt(String g, int i) {
            for (String name : NAMES) {
                if (g.startsWith("{" + name + "}", i)) {
                    return name;
                }
            }
            return null;
        }

        private static int matchingBrace(String g, int open, int to) {
            int depth = 0;
            for (int i = open; i < to; i++) {
                char c = g.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    return i;
                }
            }
            return to - 1;
        }

        private static List<String> splitAlternatives(String g, int from, int to) {
            List<String> out = new ArrayList<>();
            int depth = 0;
            int start = from;
            for (int i = from; i < to; i++) {
                char c = g.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    depth--;
                } else if (c == ',' && depth == 0) {
                    out.add(g.substring(start, i));
                    start = i + 1;
                }
            }
            out.add(g.substring(start, to));
            return out;
        }
    }
}
