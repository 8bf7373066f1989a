package org.multipose.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** YAML spellings of Java names (camelCase components and UPPER_CASE enum constants → snake_case) and typo hints. */
final class Names {

    private Names() {}

    /** {@code clipNorm} → {@code clip_norm}. */
    static String yamlName(String javaName) {
        StringBuilder sb = new StringBuilder(javaName.length() + 4);
        for (int i = 0; i < javaName.length(); i++) {
            char c = javaName.charAt(i);
            if (Character.isUpperCase(c)) {
                sb.append('_').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** {@code KCAL_MOL} → {@code kcal_mol}. */
    static String yamlName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /** The YAML spellings of an enum's constants, in declaration order. */
    static List<String> yamlNames(Class<?> enumType) {
        List<String> out = new ArrayList<>();
        for (Object c : enumType.getEnumConstants()) {
            out.add(yamlName((Enum<?>) c));
        }
        return out;
    }

    /** The enum constant spelled {@code text} in YAML, if any. */
    static Optional<Enum<?>> enumConstant(Class<?> enumType, String text) {
        for (Object c : enumType.getEnumConstants()) {
            if (yamlName((Enum<?>) c).equals(text)) {
                return Optional.of((Enum<?>) c);
            }
        }
        return Optional.empty();
    }

    /** The candidate closest to {@code typo} when it is close enough to be a likely typo. */
    static Optional<String> closest(String typo, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(typo.toLowerCase(Locale.ROOT), c);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        // A third of the name, at least 1 and at most 3 edits: catches lrr → lr and learnig_rate-like slips but
        // does not suggest "kt" for "lr".
        int allowed = Math.max(1, Math.min(3, typo.length() / 3));
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** Optimal string alignment distance (Levenshtein plus transposition of neighbours). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
