package org.multipose.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.base.InputException;
import org.multipose.typing.AtomTyper;

/**
 * A partitioned dataset (parts written by separate writers + manifest, as the Spark prepare writes it) reads back
 * exactly as the one-file dataset it was copied from: the same compounds, labels, poses, receptors, rejects and
 * statistics, through the same {@link Dataset} API that train, predict and dataset stats use.
 */
class PartitionedDatasetTest {

    @TempDir
    static Path tmp;

    static Path whole;
    static Path parted;
    static DatasetSummary partedSummary;

    @BeforeAll
    static void write() {
        whole = tmp.resolve("whole");
        new Preparer(AtomTyper.gninaDefault(), 2, PrepareProgress.NONE).run(PrepareDemoTest.demo(), whole);
        parted = tmp.resolve("parted");
        try (Dataset ds = Dataset.open(whole)) {
            List<CompoundRecord> all = ds.compounds();
            // three uneven parts in key order, small batches so a part holds several
            int[] cuts = {0, 17, 150, all.size()};
            List<DatasetManifest.Part> parts = new ArrayList<>();
            for (int p = 0; p < 3; p++) {
                DatasetWriter w = DatasetWriter.createPart(parted, p, ds.metadata(), 10);
                for (CompoundRecord c : all.subList(cuts[p], cuts[p + 1])) {
                    w.addCompound(c, ds.poses(c.key()));
                }
                parts.add(w.finishPart());
            }
            DatasetWriter top = DatasetWriter.createPartitioned(parted, ds.metadata(), parts);
            top.addReceptor(ds.receptor("demo").orElseThrow());
            top.addRejects(ds.rejects());
            partedSummary = top.finish();
        }
    }

    @Test
    void readsBackAsTheWholeDataset() {
        try (Dataset a = Dataset.open(whole); Dataset b = Dataset.open(parted)) {
            assertEquals(a.metadata(), b.metadata());
            assertEquals(a.compounds(), b.compounds());
            for (CompoundRecord c : a.compounds()) {
                assertEquals(a.poses(c.key()), b.poses(c.key()), c.key().toString());
            }
            assertEquals(a.receptor("demo"), b.receptor("demo"));
            assertEquals(a.rejects(), b.rejects());
            assertEquals(DatasetStats.of(a.compounds()), partedSummary.stats());
            assertTrue(b.poseBatchCount() > 3, "several batches per part");
            assertEquals(b.verifiedFingerprint(), partedSummary.fingerprint());
            assertNotEquals(a.verifiedFingerprint(), b.verifiedFingerprint(), "the fingerprint is of the files");
        }
        assertTrue(Files.isRegularFile(parted.resolve("manifest.json")));
        assertFalse(Files.exists(parted.resolve("poses.arrow")));
        assertEquals(3, DatasetManifest.read(parted).orElseThrow().parts().size());
        assertEquals(240, DatasetManifest.read(parted).orElseThrow().parts().stream()
                .mapToInt(DatasetManifest.Part::nCompounds).sum());
    }

    @Test
    void aChangedPartFailsTheFingerprint() throws Exception {
        Path copy = tmp.resolve("changed");
        Files.createDirectories(copy.resolve("parts"));
        try (var s = Files.walk(parted)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                Files.copy(f, copy.resolve(parted.relativize(f)));
            }
        }
        Path part = copy.resolve(DatasetManifest.read(copy).orElseThrow().parts().get(1).poses());
        byte[] bytes = Files.readAllBytes(part);
        bytes[bytes.length / 2] ^= 1;
        Files.write(part, bytes);
        try (Dataset ds = Dataset.open(copy)) {
            InputException e = assertThrows(InputException.class, ds::verifiedFingerprint);
            assertTrue(e.getMessage().contains("changed after prepare"), e.getMessage());
        }
    }

    @Test
    void aWholeDatasetWrittenOverAPartitionedOneReplacesIt() throws Exception {
        Path dir = tmp.resolve("over");
        Files.createDirectories(dir.resolve("parts"));
        try (var s = Files.walk(parted)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                Files.copy(f, dir.resolve(parted.relativize(f)));
            }
        }
        new Preparer(AtomTyper.gninaDefault(), 1, PrepareProgress.NONE).run(PrepareDemoTest.demo(), dir);
        assertFalse(Files.exists(dir.resolve("manifest.json")));
        assertFalse(Files.exists(dir.resolve("parts")));
        try (Dataset a = Dataset.open(whole); Dataset b = Dataset.open(dir)) {
            assertEquals(a.verifiedFingerprint(), b.verifiedFingerprint());
        }
    }
}
