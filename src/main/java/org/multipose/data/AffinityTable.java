package org.multipose.data;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.multipose.base.Reject;

/**
 * An affinity table read from CSV and normalised: one {@link AffinityLabel} per compound (replicates merged by
 * {@link Replicates}), sorted by {@link CompoundKey}, and a {@link Reject} for every row that was dropped, naming
 * the file, the line and the reason. Reasons start with a fixed category followed by ": " and the details (e.g.
 * "unknown unit: 'nm2' for IC50 ..."), so a summary can count them by category.
 *
 * <p>Per row: the value may carry a qualifier prefix ({@code > 99.5}, {@code <0.01}); a qualifier column, when
 * mapped, must agree with a prefix. Concentrations become pK = −log10(X·unit), free energies pK = −ΔG/(RT ln 10),
 * p-values are taken as they are; qualifiers flip with concentrations and free energies. σ in pK comes from the 95 %
 * CI when both bounds are given, else from the standard error (see {@link AffinityConversion}); a row whose σ
 * exceeds the limit is rejected.
 */
public final class AffinityTable {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern FIRST_NUMBER = Pattern.compile("(\\d+)");
    private static final Pattern QUALIFIED = Pattern.compile("^([<>=~≤≥]+)?\\s*(.*)$");

    private final String file;
    private final List<AffinityLabel> labels;
    private final Map<CompoundKey, AffinityLabel> byKey;
    private final Map<CompoundKey, String> smiles;
    private final List<Reject> rejects;
    private final int rowsRead;
    private final Map<CompoundKey, String> rows;

    /**
     * @param file     the table's file name as given by the user
     * @param labels   one label per compound
     * @param smiles   SMILES per labelled compound from the table (absent keys: none given)
     * @param rejects  dropped rows
     * @param rowsRead data rows read (header excluded)
     */
    public AffinityTable(String file, List<AffinityLabel> labels, Map<CompoundKey, String> smiles,
            List<Reject> rejects, int rowsRead) {
        this(file, labels, smiles, rejects, rowsRead, Map.of());
    }

    /**
     * As {@link #AffinityTable(String, List, Map, List, int)}, with where each label came from.
     *
     * @param rows label key → the rows merged into it, as rejects name them ("line 5", "lines 5, 9")
     */
    public AffinityTable(String file, List<AffinityLabel> labels, Map<CompoundKey, String> smiles,
            List<Reject> rejects, int rowsRead, Map<CompoundKey, String> rows) {
        this.rows = Map.copyOf(rows);
        this.file = file;
        List<AffinityLabel> sorted = new ArrayList<>(labels);
        sorted.sort(Comparator.comparing(AffinityLabel::key));
        Map<CompoundKey, AffinityLabel> map = new LinkedHashMap<>();
        for (AffinityLabel l : sorted) {
            if (map.put(l.key(), l) != null) {
                throw new IllegalArgumentException("two labels for " + l.key());
            }
        }
        this.labels = List.copyOf(sorted);
        this.byKey = Collections.unmodifiableMap(map);
        this.smiles = Map.copyOf(smiles);
        this.rejects = List.copyOf(rejects);
        this.rowsRead = rowsRead;
    }

    /** Reads and normalises a table; a missing file or a configured column that is absent is an InputException. */
    public static AffinityTable read(Path path, AffinityTableOptions options) {
        return read(CsvRows.read(path), options);
    }

    /** Normalises a table already read (the prepare stage looks at the header first to map optional columns). */
    static AffinityTable read(CsvRows csv, AffinityTableOptions options) {
        return new Parser(csv.file().toString(), csv, options).parse();
    }

    public String file() {
        return file;
    }

    /** Labels sorted by key. */
    public List<AffinityLabel> labels() {
        return labels;
    }

    public Optional<AffinityLabel> label(CompoundKey key) {
        return Optional.ofNullable(byKey.get(key));
    }

    /** The SMILES the table gives for a compound (first non-empty among its rows used), or "". */
    public String smiles(CompoundKey key) {
        return smiles.getOrDefault(key, "");
    }

    /**
     * Where a label came from, as rejects name rows: "line 5" for one row, "lines 5, 9" for merged replicates (the
     * rows used); "" for a key without a label.
     */
    public String rowsOf(CompoundKey key) {
        return rows.getOrDefault(key, "");
    }

    /** Dropped rows, in line order. */
    public List<Reject> rejects() {
        return rejects;
    }

    /** Data rows read, header excluded. */
    public int rowsRead() {
        return rowsRead;
    }

    /** Number of labels per target, sorted by target. */
    public Map<String, Integer> labelsPerTarget() {
        Map<String, Integer> m = new TreeMap<>();
        for (AffinityLabel l : labels) {
            m.merge(l.key().target(), 1, Integer::sum);
        }
        return m;
    }

    /** The row could not be used; {@code reason} is "category: details". */
    private static final class RowRejected extends Exception {
        private static final long serialVersionUID = 1L;

        RowRejected(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final class Parser {
        private final String file;
        private final CsvRows csv;
        private final AffinityTableOptions o;
        private final int id;
        private final int value;
        private final Optional<Integer> measure;
        private final Optional<Integer> unit;
        private final Optional<Integer> qualifier;
        private final Optional<Integer> stderr;
        private final Optional<Integer> ciLower;
        private final Optional<Integer> ciUpper;
        private final Optional<Integer> target;
        private final Optional<Integer> date;
        private final Optional<Integer> smiles;
        private final Optional<ReportedQuantity> fixedMeasure;

        Parser(String file, CsvRows csv, AffinityTableOptions o) {
            this.file = file;
            this.csv = csv;
            this.o = o;
            id = csv.requireColumn(o.idColumn(), "idColumn");
            value = csv.requireColumn(o.valueColumn(), "valueColumn");
            measure = optional(o.measureColumn(), "measureColumn");
            unit = optional(o.unitColumn(), "unitColumn");
            qualifier = optional(o.qualifierColumn(), "qualifierColumn");
            stderr = optional(o.stderrColumn(), "stderrColumn");
            ciLower = optional(o.ciLowerColumn(), "ciLowerColumn");
            ciUpper = optional(o.ciUpperColumn(), "ciUpperColumn");
            target = optional(o.targetColumn(), "targetColumn");
            date = optional(o.dateColumn(), "dateColumn");
            smiles = optional(o.smilesColumn(), "smilesColumn");
            fixedMeasure = o.fixedMeasure().isEmpty() ? Optional.empty() : ReportedQuantity.parse(o.fixedMeasure());
        }

        private Optional<Integer> optional(String column, String option) {
            return column.isEmpty() ? Optional.empty() : Optional.of(csv.requireColumn(column, option));
        }

        AffinityTable parse() {
            record Numbered(int line, Reject reject) {}
            List<Numbered> rejects = new ArrayList<>();
            Map<CompoundKey, List<Measurement>> groups = new LinkedHashMap<>();
            int width = csv.header().size();
            for (CsvRows.Row row : csv.rows()) {
                List<String> f = row.fields();
                String compound = id < f.size() ? f.get(id).trim() : "";
                try {
                    if (f.size() != width) {
                        throw new RowRejected("wrong number of fields: " + f.size() + " fields, the header has "
                                + width + "; quote fields that contain commas");
                    }
                    Measurement m = measurement(row.line(), f);
                    groups.computeIfAbsent(m.key(), k -> new ArrayList<>()).add(m);
                } catch (RowRejected e) {
                    rejects.add(new Numbered(row.line(),
                            new Reject(file, "line " + row.line(), compound, e.getMessage())));
                }
            }
            List<AffinityLabel> labels = new ArrayList<>();
            Map<CompoundKey, String> smilesByKey = new LinkedHashMap<>();
            Map<CompoundKey, String> rowsByKey = new LinkedHashMap<>();
            for (List<Measurement> g : groups.values()) {
                Replicates.Merged merged = Replicates.merge(file, g, o.sigmaLimit());
                merged.label().ifPresent(labels::add);
                if (merged.label().isPresent()) {
                    rowsByKey.put(merged.label().get().key(), rowsUsed(g, merged.rejects()));
                }
                if (merged.label().isPresent() && !merged.smiles().isEmpty()) {
                    smilesByKey.put(merged.label().get().key(), merged.smiles());
                }
                for (Reject r : merged.rejects()) {
                    rejects.add(new Numbered(firstLine(r.record()), r));
                }
            }
            rejects.sort(Comparator.comparingInt(Numbered::line));
            List<Reject> out = new ArrayList<>();
            for (Numbered n : rejects) {
                out.add(n.reject());
            }
            return new AffinityTable(file, labels, smilesByKey, out, csv.rows().size(), rowsByKey);
        }

        /** "line 5" or "lines 5, 9": the rows of a compound that the merge did not reject. */
        private String rowsUsed(List<Measurement> group, List<Reject> mergeRejects) {
            java.util.Set<String> rejected = new java.util.HashSet<>();
            for (Reject r : mergeRejects) {
                rejected.add(r.record());
            }
            List<String> used = new ArrayList<>();
            for (Measurement m : group) {
                if (!rejected.contains("line " + m.line())) {
                    used.add(Integer.toString(m.line()));
                }
            }
            return (used.size() == 1 ? "line " : "lines ") + String.join(", ", used);
        }

        private static int firstLine(String record) {
            Matcher m = FIRST_NUMBER.matcher(record);
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        }

        private static String cell(List<String> f, Optional<Integer> col) {
            return col.map(i -> f.get(i).trim()).orElse("");
        }

        private Measurement measurement(int line, List<String> f) throws RowRejected {
            String compound = f.get(id).trim();
            if (compound.isEmpty()) {
                throw new RowRejected("missing compound id: column '" + o.idColumn() + "' is empty");
            }
            String tgt = target.isPresent() ? cell(f, target) : o.fixedTarget().trim();
            if (tgt.isEmpty()) {
                throw new RowRejected("missing target: column '" + o.targetColumn() + "' is empty");
            }
            CompoundKey key = new CompoundKey(tgt, compound);

            ReportedQuantity quantity;
            if (fixedMeasure.isPresent()) {
                quantity = fixedMeasure.get();
            } else {
                String ms = cell(f, measure);
                if (ms.isEmpty()) {
                    throw new RowRejected("missing measure: column '" + o.measureColumn() + "' is empty");
                }
                quantity = ReportedQuantity.parse(ms).orElseThrow(() -> new RowRejected("unknown measure: '" + ms
                        + "' in column '" + o.measureColumn() + "'; use pIC50, pKi, pKd, IC50, Ki, Kd or dG"));
            }

            String raw = f.get(value).trim();
            if (raw.isEmpty()) {
                throw new RowRejected("missing value: column '" + o.valueColumn() + "' is empty");
            }
            Matcher qm = QUALIFIED.matcher(raw);
            if (!qm.matches()) {
                throw new IllegalStateException("the qualifier pattern matches every string");
            }
            String prefix = qm.group(1) == null ? "" : qm.group(1);
            double x = number(qm.group(2), "non-numeric value", o.valueColumn());
            Qualifier q = Qualifier.parse(prefix).orElseThrow(() -> new RowRejected("unknown qualifier: '" + prefix
                    + "' in value '" + raw + "'; use =, <, >, <=, >= (or ≤, ≥, ~) before the number"));
            if (qualifier.isPresent()) {
                String qs = cell(f, qualifier);
                Qualifier qc = Qualifier.parse(qs).orElseThrow(() -> new RowRejected("unknown qualifier: '" + qs
                        + "' in column '" + o.qualifierColumn() + "'; use =, <, >, <=, >= or leave it empty"));
                if (!prefix.isEmpty() && !qs.isEmpty() && qc != q) {
                    throw new RowRejected("conflicting qualifiers: column '" + o.qualifierColumn() + "' says '" + qs
                            + "' but the value is '" + raw + "'");
                }
                if (prefix.isEmpty()) {
                    q = qc;
                }
            }

            String unitText = unit.isPresent() ? cell(f, unit) : o.fixedUnit().trim();
            double pk;
            ConcentrationUnit cu = null;
            EnergyUnit eu = null;
            switch (quantity.form()) {
                case P_VALUE -> pk = x;
                case CONCENTRATION -> {
                    cu = concentrationUnit(unitText, quantity);
                    if (!(x > 0)) {
                        throw new RowRejected("non-positive concentration: " + quantity.measure().label() + " = "
                                + raw + " has no pK; check the value");
                    }
                    pk = AffinityConversion.pkFromConcentration(x, cu);
                }
                case FREE_ENERGY -> {
                    eu = energyUnit(unitText);
                    pk = AffinityConversion.pkFromFreeEnergy(x, eu, o.temperatureK());
                }
                default -> throw new IllegalStateException();
            }
            if (!(pk >= AffinityConversion.PLAUSIBLE_PK_MIN && pk <= AffinityConversion.PLAUSIBLE_PK_MAX)) {
                throw new RowRejected(String.format(Locale.ROOT, "implausible affinity: %s = %s%s is pK %.4g, outside"
                        + " the plausible range %.0f–%.0f (1 M to 1 fM); check the value and its unit",
                        quantity.label(), raw, unitText.isEmpty() ? "" : " " + unitText, pk,
                        AffinityConversion.PLAUSIBLE_PK_MIN, AffinityConversion.PLAUSIBLE_PK_MAX));
            }
            Qualifier onPk = quantity.decreasingInPk() ? q.flipped() : q;

            OptionalDouble sigma = sigma(f, quantity, x, cu, eu);
            if (sigma.isPresent() && sigma.getAsDouble() > o.sigmaLimit()) {
                throw new RowRejected(String.format(Locale.ROOT, "σ above limit: σ = %.4g pK > limit %.4g",
                        sigma.getAsDouble(), o.sigmaLimit()));
            }

            Optional<LocalDate> d = Optional.empty();
            String ds = cell(f, date);
            if (!ds.isEmpty()) {
                d = Optional.of(parseDate(ds));
            }
            return new Measurement(key, quantity, pk, onPk, sigma, d, cell(f, smiles), line);
        }

        private ConcentrationUnit concentrationUnit(String text, ReportedQuantity quantity) throws RowRejected {
            if (text.isEmpty()) {
                throw new RowRejected("missing unit: " + quantity.measure().label() + " is a concentration; map a"
                        + " unit column or set a fixed unit (nM, uM, ...)");
            }
            return ConcentrationUnit.parse(text).orElseThrow(() -> new RowRejected("unknown unit: '" + text
                    + "' for " + quantity.measure().label() + "; use M, mM, uM, nM or pM"));
        }

        private EnergyUnit energyUnit(String text) throws RowRejected {
            if (text.isEmpty()) {
                throw new RowRejected("missing unit: dG needs an energy unit (kcal/mol or kJ/mol)");
            }
            return EnergyUnit.parse(text).orElseThrow(() -> new RowRejected("unknown unit: '" + text
                    + "' for dG; use kcal/mol, kJ/mol or kT"));
        }

        private OptionalDouble sigma(List<String> f, ReportedQuantity quantity, double x, ConcentrationUnit cu,
                EnergyUnit eu) throws RowRejected {
            String lo = cell(f, ciLower);
            String hi = cell(f, ciUpper);
            if (!lo.isEmpty() || !hi.isEmpty()) {
                if (lo.isEmpty() || hi.isEmpty()) {
                    throw new RowRejected("incomplete CI: only the " + (lo.isEmpty() ? "upper" : "lower")
                            + " bound is given; give both bounds or neither");
                }
                double l = number(lo, "non-numeric CI bound", o.ciLowerColumn());
                double h = number(hi, "non-numeric CI bound", o.ciUpperColumn());
                if (l > h) {
                    throw new RowRejected("CI lower bound above upper bound: " + lo + " > " + hi);
                }
                return OptionalDouble.of(switch (quantity.form()) {
                    case P_VALUE -> AffinityConversion.sigmaFromPValueCi(l, h);
                    case CONCENTRATION -> {
                        if (!(l > 0)) {
                            throw new RowRejected("non-positive CI bound: " + lo + " has no pK");
                        }
                        yield AffinityConversion.sigmaFromConcentrationCi(l, h);
                    }
                    case FREE_ENERGY -> AffinityConversion.sigmaFromFreeEnergyCi(l, h, eu, o.temperatureK());
                });
            }
            String es = cell(f, stderr);
            if (es.isEmpty()) {
                return OptionalDouble.empty();
            }
            double e = number(es, "non-numeric error", o.stderrColumn());
            if (e < 0) {
                throw new RowRejected("negative error: " + es + " in column '" + o.stderrColumn()
                        + "'; leave the cell empty when no error is known");
            }
            return OptionalDouble.of(switch (quantity.form()) {
                case P_VALUE -> e;
                case CONCENTRATION -> AffinityConversion.sigmaFromConcentrationError(x, e);
                case FREE_ENERGY -> AffinityConversion.sigmaFromFreeEnergyError(e, eu, o.temperatureK());
            });
        }

        private static double number(String s, String category, String column) throws RowRejected {
            // Stricter than Double.parseDouble, which also takes "NaN", "Infinity", "1d" and hex floats.
            if (!DECIMAL.matcher(s.trim()).matches()) {
                throw new RowRejected(category + ": '" + s + "' in column '" + column + "'");
            }
            double v = Double.parseDouble(s.trim());
            if (!Double.isFinite(v)) {
                throw new RowRejected(category + ": '" + s + "' in column '" + column + "' is not finite");
            }
            return v;
        }

        private LocalDate parseDate(String s) throws RowRejected {
            try {
                return LocalDate.parse(s.length() > 10 && s.charAt(10) == 'T' || s.length() > 10 && s.charAt(10) == ' '
                        ? s.substring(0, 10) : s);
            } catch (DateTimeParseException e) {
                throw new RowRejected("unparseable date: '" + s + "' in column '" + o.dateColumn()
                        + "'; use yyyy-MM-dd");
            }
        }
    }
}
