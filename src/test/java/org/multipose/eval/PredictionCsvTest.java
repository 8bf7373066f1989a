package org.multipose.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.base.InputException;
import org.multipose.data.CompoundKey;
import org.multipose.data.Measure;
import org.multipose.data.Qualifier;
import org.multipose.data.Split;

/** Round trips of both prediction tables, and bad rows named by file and line. */
class PredictionCsvTest {

    @TempDir
    Path dir;

    private static final String HEADER = String.join(",", PredictionCsv.COMPOUND_COLUMNS);
    private static final String POSE_HEADER = String.join(",", PredictionCsv.POSE_COLUMNS);

    private static List<CompoundPrediction> awkwardCompounds() {
        List<CompoundPrediction> c = new ArrayList<>(ReportFixture.compounds());
        // Every optional field, a quoted id with a comma, a quote and a line break, a non-ASCII target, a value
        // that needs all 17 digits, and a compound in no split.
        c.add(new CompoundPrediction(new CompoundKey("β-lactamase", "id, \"quoted\"\nsecond line"),
                Optional.of(Split.VAL), Optional.of(Measure.IC50),
                Optional.of(new PkLabel(0.1 + 0.2, Qualifier.GREATER, OptionalDouble.of(0.25))), 1.0 / 3,
                -1e-300, 9, 7, 1.0, 41, OptionalDouble.of(-10.25), OptionalDouble.of(0.0)));
        c.add(new CompoundPrediction(new CompoundKey("β-lactamase", "x"), Optional.empty(), Optional.empty(),
                Optional.empty(), 6.0, -13.8, 1, 1, 1.0, 12, OptionalDouble.empty(), OptionalDouble.empty()));
        return c;
    }

    @Test
    void bothTablesRoundTripExactly() {
        List<CompoundPrediction> compounds = awkwardCompounds();
        List<PosePrediction> poses = new ArrayList<>(ReportFixture.poses(compounds.subList(0, 19)));
        for (CompoundPrediction c : compounds.subList(19, 21)) {
            for (int i = 1; i <= c.nPoses(); i++) {
                poses.add(new PosePrediction(c.key(), i, -10.0 - i / 7.0, 4.3 + i * 1e-17, i == c.topPose() ? 1.0
                        : 0.0, i == 2 ? -0.125 : 0.0, i % 2 == 0 ? OptionalDouble.empty() : OptionalDouble.of(i),
                        OptionalDouble.empty()));
            }
        }
        PredictionTable table = new PredictionTable(compounds, poses);
        table.write(dir);
        PredictionTable back = PredictionTable.read(dir);
        assertEquals(table.compounds(), back.compounds());
        assertEquals(table.poses(), back.poses());
        // A file argument reads the pose table next to it.
        assertEquals(table, PredictionTable.read(dir.resolve(PredictionCsv.COMPOUND_FILE)));
    }

    @Test
    void thePoseTableIsOptional() {
        new PredictionTable(ReportFixture.compounds(), List.of()).write(dir);
        assertTrue(Files.notExists(dir.resolve(PredictionCsv.POSE_FILE)));
        PredictionTable back = PredictionTable.read(dir);
        assertEquals(19, back.compounds().size());
        assertTrue(back.poses().isEmpty());
    }

    private Path write(String name, String... lines) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return f;
    }

    private static String row(String id, String split, String qualifier, String label, String predicted) {
        return "A," + id + "," + split + ",Ki," + qualifier + "," + label + ",," + predicted
                + ",-14.0,1,1,1.0,20,-8.0,";
    }

    @Test
    void aBadNumberIsNamedByFileLineAndColumn() throws IOException {
        // The quoted id spans lines 2–3, so the bad row starts on line 4.
        Path f = write("predictions.csv", HEADER, row("\"two\nlines\"", "test", "=", "6.1", "6.0"),
                row("c2", "test", "=", "six", "6.0"), row("c3", "test", "=", "7.0", "7.1"));
        InputException e = assertThrows(InputException.class, () -> PredictionTable.read(f));
        assertEquals(f + ": line 4: column 'label_pk': 'six' is not valid; write a decimal number such as 6.25",
                e.getMessage());
    }

    @Test
    void everyBadRowIsCountedAndTheFirstNamed() throws IOException {
        Path f = write("p.csv", HEADER, row("c1", "tst", "=", "6.1", "6.0"), row("c2", "test", "~", "6.1", "6.0"),
                row("c3", "test", "", "", "NaN"), row("c4", "test", "<", "", "6.0"),
                "A,c5,test,Ki,=,6.0,,6.0,-14.0,1,1,1.0,20", row("c6", "test", "=", "6.0", "6.0"));
        InputException e = assertThrows(InputException.class, () -> PredictionTable.read(f));
        assertEquals(f + ": line 2: column 'split': 'tst' is not valid; write train, val, test or none (and 4 more"
                + " bad rows in p.csv)", e.getMessage());
    }

    @Test
    void eachKindOfBadRowSaysWhatToFix() throws IOException {
        assertMessage(write("q.csv", HEADER, row("c1", "test", "~", "6.1", "6.0")),
                "line 2: column 'qualifier': '~' is not valid; write =, < or > (or leave it empty)");
        assertMessage(write("n.csv", HEADER, row("c1", "test", "", "", "NaN")),
                "line 2: column 'predicted_pk': 'NaN' is not valid; the value must be finite");
        assertMessage(write("u.csv", HEADER, row("c1", "test", "<", "", "6.0")),
                "line 2: qualifier or sigma_pk without a label_pk; give the label or leave all three empty");
        assertMessage(write("w.csv", HEADER, "A,c5,test,Ki,=,6.0,,6.0,-14.0,1,1,1.0,20"),
                "line 2: 13 fields, the header has 15; quote fields that hold commas");
        assertMessage(write("t.csv", HEADER, "A,c1,test,Ki,=,6.0,,6.0,-14.0,1,1,1.5,20,,"),
                "line 2: top_weight must be in [0, 1]: 1.5");
        assertMessage(write("m.csv", "target,compound_id,split,predicted_pk", "A,c1,test,6.0"),
                "line 1: required column 'combined_kt' is missing; the header has: target, compound_id, split,"
                        + " predicted_pk (see docs/guide/evaluation.md, the predictions tables, for the columns)");
        assertMessage(write("d.csv", HEADER, row("c1", "test", "=", "6.0", "6.0"), row("c1", "val", "=", "6.0",
                "6.0")), "line 3: compound A/c1 appears twice (first at line 2); keep one row per (target,"
                        + " compound_id)");
    }

    @Test
    void poseTableInconsistenciesNameTheRowToFix() throws IOException {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        Files.createDirectories(dir.resolve("c"));
        String c1 = row("c1", "test", "=", "6.0", "6.0");
        String c2 = row("c2", "test", "=", "7.0", "6.0");
        Path a = write("a/predictions.csv", HEADER, c1, c2);
        write("a/pose_predictions.csv", POSE_HEADER, "A,c1,1,-14.0,6.0,1.0,1.0,,", "A,c2,1,-14.0,6.0,1.0,1.0,,",
                "A,c9,1,-14.0,6.0,1.0,1.0,,");
        assertMessage(dir.resolve("a/pose_predictions.csv"), a,
                "line 4: pose of A/c9, which is not in the compound table; write a compound row for it or drop its"
                        + " poses");
        Path b = write("b/predictions.csv", HEADER, c1, c2);
        write("b/pose_predictions.csv", POSE_HEADER, "A,c1,1,-14.0,6.0,1.0,1.0,,", "A,c2,1,-14.0,6.0,0.5,0.5,,",
                "A,c2,2,-13.0,5.6,0.5,0.5,,");
        assertMessage(b, b, "line 3: A/c2 has n_poses 1 but 2 rows in the pose table; the two files must come from"
                + " the same run");
        Path c = write("c/predictions.csv", HEADER, c1);
        write("c/pose_predictions.csv", POSE_HEADER, "A,c1,2,-14.0,6.0,1.0,1.0,,");
        assertMessage(c, c, "line 2: A/c1: top_pose 1 is not among its poses in the pose table; the two files must"
                + " come from the same run");
    }

    @Test
    void aMissingTableSaysWhatToGive() {
        InputException e = assertThrows(InputException.class, () -> PredictionTable.read(dir.resolve("nope")));
        assertEquals(dir.resolve("nope") + ": not found; give a directory holding predictions.csv or the CSV file"
                + " itself", e.getMessage());
    }

    private static void assertMessage(Path file, String expectedAfterFile) {
        assertMessage(file, file, expectedAfterFile);
    }

    /** Reading {@code read} fails with a message naming {@code named} (absolute, as the reader gives it). */
    private static void assertMessage(Path named, Path read, String expectedAfterFile) {
        InputException e = assertThrows(InputException.class, () -> PredictionTable.read(read));
        assertEquals(named + ": " + expectedAfterFile, e.getMessage());
    }
}
