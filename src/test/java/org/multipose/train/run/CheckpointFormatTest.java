package org.multipose.train.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.base.InputException;
import org.multipose.config.GridSpec;
import org.multipose.testsupport.TestFiles;

/**
 * Checkpoints written before the grid settings became one record (checkpoint-format1.json: the state of the
 * quickstart's epoch 3, written by commit a56c603) still load, their grid entry is the config's record, and this code
 * writes the same JSON back.
 */
class CheckpointFormatTest {

    private static String fixture() throws IOException {
        return Files.readString(TestFiles.resource("org/multipose/train/checkpoint-format1.json"), StandardCharsets.UTF_8);
    }

    private static Checkpoint read(Path dir, String json) throws IOException {
        Files.writeString(dir.resolve(Checkpoint.STATE), json, StandardCharsets.UTF_8);
        return Checkpoint.read(dir);
    }

    @Test
    void anExistingCheckpointLoadsAndWritesBackTheSameBytes(@TempDir Path dir) throws IOException {
        String json = fixture();
        CheckpointState s = read(dir, json).state();
        assertEquals(new GridSpec(1.0, 23.0, 1.0, 1.0, false, GridSpec.Center.COMPOUND, Map.of()), s.grid());
        assertEquals(24, s.grid().pointsPerSide());
        assertEquals(3, s.epoch());
        assertWrittenBack(json, s);
    }

    /** This code writes the same JSON back: the same tree, and the same text (the versions map keeps its order). */
    private static void assertWrittenBack(String json, CheckpointState s) throws IOException {
        String written = Checkpoint.JSON.writeValueAsString(s);
        assertEquals(Checkpoint.JSON.readTree(json), Checkpoint.JSON.readTree(written));
        assertEquals(gridEntry(json), gridEntry(written));
        assertEquals(json.strip(), written.strip());
    }

    private static String gridEntry(String json) {
        return json.substring(json.indexOf("\"grid\" :"), json.indexOf("\"typing\" :"));
    }

    @Test
    void fixedCentersAndTheLowerCaseRuleRoundTrip(@TempDir Path dir) throws IOException {
        String json = fixture().replace("\"center\" : \"compound\",\n    \"fixed_centers\" : { }",
                "\"center\" : \"fixed\",\n    \"fixed_centers\" : {\n      \"tyk2\" : [ 1.5, -2.0, 3.25 ]\n    }");
        CheckpointState s = read(dir, json).state();
        assertEquals(new GridSpec(1.0, 23.0, 1.0, 1.0, false, GridSpec.Center.FIXED,
                Map.of("tyk2", List.of(1.5, -2.0, 3.25))), s.grid());
        assertWrittenBack(json, s);
        assertTrue(gridEntry(json).contains("\"center\" : \"fixed\""), gridEntry(json));
    }

    @Test
    void aBadGridEntryIsNamedWithTheFile(@TempDir Path dir) throws IOException {
        String json = fixture().replace("\"center\" : \"compound\"", "\"center\" : \"middle\"");
        String m = assertThrows(InputException.class, () -> read(dir, json)).getMessage();
        assertTrue(m.contains(Checkpoint.STATE) && m.contains("compound, ligand or fixed"), m);
        String g = fixture().replace("\"gaussian_multiple\" : 1.0", "\"gaussian_multiple\" : 0.0");
        m = assertThrows(InputException.class, () -> read(dir, g)).getMessage();
        assertTrue(m.contains("Gaussian radius multiple must be between 0.1 and 10.0"), m);
    }
}
