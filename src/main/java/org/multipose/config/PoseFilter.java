package org.multipose.config;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One condition a pose must pass to be kept: a pose score (an SD tag kept by prepare) compared with a number. YAML
 * spelling {@code TAG OP NUMBER}, e.g. {@code rmsd_to_reference <= 2} or {@code minimizedAffinity < -7}, with OP one
 * of {@code <}, {@code <=}, {@code >}, {@code >=}, {@code ==}, {@code !=}. A pose without the score fails it.
 *
 * @param tag   the score's name
 * @param op    the comparison
 * @param value the number compared with
 */
public record PoseFilter(String tag, Op op, double value) {

    /** The comparisons, with their spelling. */
    public enum Op {
        LT("<"), LE("<="), GT(">"), GE(">="), EQ("=="), NE("!=");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        /** The spelling, e.g. {@code <=}. */
        public String symbol() {
            return symbol;
        }

        boolean test(double x, double v) {
            return switch (this) {
                case LT -> x < v;
                case LE -> x <= v;
                case GT -> x > v;
                case GE -> x >= v;
                case EQ -> x == v;
                case NE -> x != v;
            };
        }
    }

    private static final Pattern SYNTAX = Pattern.compile(
            "\\s*([A-Za-z_][A-Za-z0-9_.\\-]*)\\s*(<=|>=|==|!=|<|>|=)\\s*([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*");

    public PoseFilter {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(op, "op");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a pose filter compares with a finite number, got " + value);
        }
    }

    /** True when the score passes; a missing (NaN) score fails. */
    public boolean test(double score) {
        return !Double.isNaN(score) && op.test(score, value);
    }

    /** Parses the YAML spelling (see the type's Javadoc); the exception's message names the allowed form. */
    public static PoseFilter parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a pose filter; write " + allowed());
        }
        String symbol = m.group(2).equals("=") ? "==" : m.group(2);
        Op op = null;
        for (Op o : Op.values()) {
            if (o.symbol.equals(symbol)) {
                op = o;
            }
        }
        return new PoseFilter(m.group(1), op, Double.parseDouble(m.group(3)));
    }

    /** The allowed spelling, for messages and the config reference. */
    public static String allowed() {
        return "a condition TAG OP NUMBER, OP one of <, <=, >, >=, ==, != (e.g. rmsd_to_reference <= 2)";
    }

    @Override
    public String toString() {
        return tag + " " + op.symbol + " " + BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
