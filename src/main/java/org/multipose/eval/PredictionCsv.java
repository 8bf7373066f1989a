package org.multipose.eval;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.multipose.base.InputException;
import org.multipose.data.CompoundKey;
import org.multipose.data.CsvRows;
import org.multipose.data.Measure;
import org.multipose.data.Qualifier;
import org.multipose.data.Split;

/**
 * The on-disk form of a predictions table: {@value #COMPOUND_FILE} (one row per compound, {@link #COMPOUND_COLUMNS})
 * and {@value #POSE_FILE} (one row per pose, {@link #POSE_COLUMNS}), RFC 4180 CSV in UTF-8 with a header row.
 * Empty fields mean "not known". Numbers are written with {@link Double#toString} (shortest text that reads back
 * to the same double), so a round trip is exact. Readers ignore extra columns, require the columns a report cannot
 * do without, and stop at bad rows with an {@link InputException} naming the file, line, column and fix.
 */
public final class PredictionCsv {

    /** File name of the per-compound table. */
    public static final String COMPOUND_FILE = "predictions.csv";
    /** File name of the per-pose table. */
    public static final String POSE_FILE = "pose_predictions.csv";
    /** The split column's value for a compound in no split. */
    public static final String NO_SPLIT = "none";

    /** Columns of {@value #COMPOUND_FILE}, in the order written. */
    public static final List<String> COMPOUND_COLUMNS = List.of("target", "compound_id", "split", "measure",
            "qualifier", "label_pk", "sigma_pk", "predicted_pk", "combined_kt", "n_poses", "top_pose", "top_weight",
            "heavy_atoms", "dock_score", "predicted_sd");
    /** Columns of {@value #COMPOUND_FILE} a reader requires; the others may be absent (= empty). */
    public static final List<String> COMPOUND_REQUIRED = List.of("target", "compound_id", "split", "predicted_pk",
            "combined_kt", "n_poses", "top_pose", "top_weight", "heavy_atoms");
    /** Columns of {@value #POSE_FILE}, in the order written. */
    public static final List<String> POSE_COLUMNS = List.of("target", "compound_id", "pose_index", "y_kt",
            "predicted_pk", "weight", "coefficient", "rmsd", "dock_score");
    /** Columns of {@value #POSE_FILE} a reader requires. */
    public static final List<String> POSE_REQUIRED = List.of("target", "compound_id", "pose_index", "y_kt",
            "predicted_pk", "weight", "coefficient");

    /** Rows as read, with the line each starts on. */
    record Parsed<T>(List<T> items, int[] lines) {}

    private PredictionCsv() {}

    /** Writes {@value #COMPOUND_FILE}-format rows to {@code file} (replacing it). */
    public static void writeCompounds(Path file, Iterable<CompoundPrediction> rows) {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(String.join(",", COMPOUND_COLUMNS));
            w.write('\n');
            for (CompoundPrediction p : rows) {
                Optional<PkLabel> l = p.label();
                List<String> f = List.of(
                        CsvRows.quote(p.key().target()),
                        CsvRows.quote(p.key().compoundId()),
                        p.splitLabel(),
                        p.measure().map(Measure::label).orElse(""),
                        l.map(x -> x.qualifier().symbol()).orElse(""),
                        l.map(x -> Double.toString(x.pk())).orElse(""),
                        l.map(x -> num(x.sigmaPk())).orElse(""),
                        Double.toString(p.predictedPk()),
                        Double.toString(p.combinedKt()),
                        Integer.toString(p.nPoses()),
                        Integer.toString(p.topPose()),
                        Double.toString(p.topWeight()),
                        Integer.toString(p.heavyAtoms()),
                        num(p.dockScore()),
                        num(p.predictedSd()));
                w.write(String.join(",", f));
                w.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Writes {@value #POSE_FILE}-format rows to {@code file} (replacing it). */
    public static void writePoses(Path file, Iterable<PosePrediction> rows) {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(String.join(",", POSE_COLUMNS));
            w.write('\n');
            for (PosePrediction p : rows) {
                List<String> f = List.of(
                        CsvRows.quote(p.key().target()),
                        CsvRows.quote(p.key().compoundId()),
                        Integer.toString(p.poseIndex()),
                        Double.toString(p.yKt()),
                        Double.toString(p.predictedPk()),
                        Double.toString(p.weight()),
                        Double.toString(p.coefficient()),
                        num(p.rmsd()),
                        num(p.dockScore()));
                w.write(String.join(",", f));
                w.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Reads a {@value #COMPOUND_FILE}-format file; bad rows are an InputException naming file and line. */
    public static List<CompoundPrediction> readCompounds(Path file) {
        return parseCompounds(file).items();
    }

    /** Reads a {@value #POSE_FILE}-format file; bad rows are an InputException naming file and line. */
    public static List<PosePrediction> readPoses(Path file) {
        return parsePoses(file).items();
    }

    static Parsed<CompoundPrediction> parseCompounds(Path file) {
        CsvRows csv = CsvRows.read(file);
        Columns c = new Columns(csv, COMPOUND_REQUIRED);
        List<CompoundPrediction> out = new ArrayList<>(csv.rows().size());
        int[] lines = new int[csv.rows().size()];
        Problems problems = new Problems(file);
        for (CsvRows.Row row : csv.rows()) {
            String where = file + ": line " + row.line();
            try {
                Fields f = c.fields(row);
                CompoundKey key = f.key();
                String splitText = f.text("split");
                Optional<Split> split = Optional.empty();
                if (!splitText.equalsIgnoreCase(NO_SPLIT)) {
                    split = Split.parse(splitText);
                    if (split.isEmpty()) {
                        throw f.bad("split", splitText, "write train, val, test or none");
                    }
                }
                String measureText = f.text("measure");
                Optional<Measure> measure = Optional.empty();
                if (!measureText.isEmpty()) {
                    measure = Measure.fromLabel(measureText);
                    if (measure.isEmpty()) {
                        throw f.bad("measure", measureText, "write IC50, Ki, Kd, dG or leave it empty");
                    }
                }
                OptionalDouble pk = f.optionalDouble("label_pk");
                String qualifierText = f.text("qualifier");
                OptionalDouble sigma = f.optionalDouble("sigma_pk");
                Optional<PkLabel> label = Optional.empty();
                if (pk.isPresent()) {
                    Qualifier q = Qualifier.EQUAL;
                    if (!qualifierText.isEmpty()) {
                        q = Qualifier.fromSymbol(qualifierText).orElseThrow(
                                () -> f.bad("qualifier", qualifierText, "write =, < or > (or leave it empty)"));
                    }
                    if (sigma.isPresent() && !(sigma.getAsDouble() >= 0)) {
                        throw f.bad("sigma_pk", f.text("sigma_pk"), "a standard error must be >= 0");
                    }
                    label = Optional.of(new PkLabel(pk.getAsDouble(), q, sigma));
                } else if (!qualifierText.isEmpty() || sigma.isPresent()) {
                    throw new InputException(f.where() + ": qualifier or sigma_pk without a label_pk; give the"
                            + " label or leave all three empty");
                }
                out.add(new CompoundPrediction(key, split, measure, label, f.requiredDouble("predicted_pk"),
                        f.requiredDouble("combined_kt"), f.requiredInt("n_poses"), f.requiredInt("top_pose"),
                        f.requiredDouble("top_weight"), f.requiredInt("heavy_atoms"), f.optionalDouble("dock_score"),
                        f.optionalDouble("predicted_sd")));
                lines[out.size() - 1] = row.line();
            } catch (InputException e) {
                problems.add(e.getMessage());
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
            }
        }
        problems.throwIfAny();
        return new Parsed<>(List.copyOf(out), lines);
    }

    static Parsed<PosePrediction> parsePoses(Path file) {
        CsvRows csv = CsvRows.read(file);
        Columns c = new Columns(csv, POSE_REQUIRED);
        List<PosePrediction> out = new ArrayList<>(csv.rows().size());
        int[] lines = new int[csv.rows().size()];
        Problems problems = new Problems(file);
        for (CsvRows.Row row : csv.rows()) {
            String where = file + ": line " + row.line();
            try {
                Fields f = c.fields(row);
                out.add(new PosePrediction(f.key(), f.requiredInt("pose_index"), f.requiredDouble("y_kt"),
                        f.requiredDouble("predicted_pk"), f.requiredDouble("weight"), f.requiredDouble("coefficient"),
                        f.optionalDouble("rmsd"), f.optionalDouble("dock_score")));
                lines[out.size() - 1] = row.line();
            } catch (InputException e) {
                problems.add(e.getMessage());
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
            }
        }
        problems.throwIfAny();
        return new Parsed<>(List.copyOf(out), lines);
    }

    private static String num(OptionalDouble v) {
        return v.isPresent() ? Double.toString(v.getAsDouble()) : "";
    }

    /** Collects the bad rows of a file; reports the first in full and counts the rest. */
    private static final class Problems {
        private final Path file;
        private final List<String> messages = new ArrayList<>();

        Problems(Path file) {
            this.file = file;
        }

        void add(String message) {
            messages.add(message);
        }

        void throwIfAny() {
            if (messages.isEmpty()) {
                return;
            }
            String more = messages.size() == 1 ? ""
                    : " (and " + (messages.size() - 1) + " more bad row" + (messages.size() == 2 ? "" : "s")
                            + " in " + file.getFileName() + ")";
            throw new InputException(messages.get(0) + more);
        }
    }

    /** Column positions of one file; the required ones checked once. */
    private static final class Columns {
        private final CsvRows csv;

        Columns(CsvRows csv, List<String> required) {
            this.csv = csv;
            for (String name : required) {
                if (csv.column(name).isEmpty()) {
                    throw new InputException(csv.file() + ": line 1: required column '" + name
                            + "' is missing; the header has: " + String.join(", ", csv.header())
                            + " (see docs/guide/evaluation.md, the predictions tables, for the columns)");
                }
            }
        }

        Fields fields(CsvRows.Row row) {
            return new Fields(csv, row);
        }
    }

    /** The fields of one row, by column name, with messages naming file, line and column. */
    private static final class Fields {
        private final CsvRows csv;
        private final CsvRows.Row row;

        Fields(CsvRows csv, CsvRows.Row row) {
            this.csv = csv;
            this.row = row;
            if (row.fields().size() != csv.header().size()) {
                throw new InputException(where() + ": " + row.fields().size() + " fields, the header has "
                        + csv.header().size() + "; quote fields that hold commas");
            }
        }

        String where() {
            return csv.file() + ": line " + row.line();
        }

        String text(String column) {
            Optional<Integer> i = csv.column(column);
            return i.isEmpty() ? "" : row.fields().get(i.get()).trim();
        }

        InputException bad(String column, String value, String fix) {
            return new InputException(where() + ": column '" + column + "': '" + value + "' is not valid; " + fix);
        }

        CompoundKey key() {
            String target = text("target");
            String id = text("compound_id");
            if (target.isEmpty() || id.isEmpty()) {
                throw new InputException(where() + ": empty target or compound_id; every row needs both");
            }
            return new CompoundKey(target, id);
        }

        double requiredDouble(String column) {
            String t = text(column);
            if (t.isEmpty()) {
                throw new InputException(where() + ": column '" + column + "' is empty; it is required");
            }
            return parseDouble(column, t);
        }

        OptionalDouble optionalDouble(String column) {
            String t = text(column);
            return t.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(parseDouble(column, t));
        }

        int requiredInt(String column) {
            String t = text(column);
            try {
                return Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw bad(column, t, "write a whole number");
            }
        }

        private double parseDouble(String column, String t) {
            double v;
            try {
                v = Double.parseDouble(t);
            } catch (NumberFormatException e) {
                throw bad(column, t, "write a decimal number such as 6.25");
            }
            if (!Double.isFinite(v)) {
                throw bad(column, t, "the value must be finite");
            }
            return v;
        }
    }
}
