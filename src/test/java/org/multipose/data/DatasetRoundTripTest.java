package org.multipose.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.base.InputException;

class DatasetRoundTripTest {

    @TempDir
    Path tmp;

    static final DatasetMetadata META = DatasetFixture.META;

    @Test
    void writtenRecordsReadBackEqual() {
        DatasetFixture f = new DatasetFixture();
        Path dir = tmp.resolve("ds");
        f.write(dir, 5);
        try (Dataset ds = Dataset.open(dir)) {
            assertEquals(META, ds.metadata());
            assertEquals(f.compounds, ds.compounds());
            for (CompoundRecord c : f.compounds) {
                List<PoseRecord> expected = new ArrayList<>(f.poses.get(c.key()));
                Collections.reverse(expected);
                assertEquals(expected, ds.poses(c.key()), c.key().toString());
                assertEquals(c, ds.compound(c.key()).orElseThrow());
            }
            for (ReceptorRecord r : f.receptors) {
                assertEquals(r, ds.receptor(r.target()).orElseThrow());
            }
            assertEquals(Optional.empty(), ds.receptor("zzz"));
            assertEquals(List.of("a", "b"), List.copyOf(ds.targets()));
            assertEquals(List.of("a", "b"), List.copyOf(ds.receptorTargets()));
        }
    }

    @Test
    void randomAccessReturnsExactlyThatCompoundsPosesReadingOneBatchAtATime() {
        DatasetFixture f = new DatasetFixture();
        Path dir = tmp.resolve("ds");
        f.write(dir, 5);
        // batches of ≤ 5 poses without splitting a compound: [a/lig1 3] [a/lig2 7] [a/lig3 1, b/lig1 4] [b/lig4 2]
        // [b/lig5 5] -> 5 batches
        try (Dataset ds = Dataset.open(dir, 1)) {
            assertEquals(5, ds.poseBatchCount());
            List<CompoundKey> order = List.of(new CompoundKey("b", "lig5"), new CompoundKey("a", "lig1"),
                    new CompoundKey("b", "lig1"), new CompoundKey("a", "lig3"), new CompoundKey("a", "lig2"),
                    new CompoundKey("b", "lig4"), new CompoundKey("b", "lig5"));
            for (CompoundKey k : order) {
                List<PoseRecord> ps = ds.poses(k);
                assertEquals(ds.compound(k).orElseThrow().nPoses(), ps.size());
                for (int i = 0; i < ps.size(); i++) {
                    assertEquals(k, ps.get(i).key());
                    assertEquals(i + 1, ps.get(i).poseIndex());
                }
            }
            // batches 4, 0, 2, (2 again: no read), 1, 3, 4 -> 6 reads
            assertEquals(6, ds.poseBatchLoads());
            assertEquals(f.receptors.get(1), ds.receptor("a").orElseThrow());
            assertEquals(f.receptors.get(0), ds.receptor("b").orElseThrow());
            assertEquals(f.receptors.get(1), ds.receptor("a").orElseThrow());
            assertEquals(1, ds.cachedReceptors());
            assertThrows(IllegalArgumentException.class, () -> ds.poses(new CompoundKey("a", "nope")));
        }
    }

    @Test
    void iterationGroupsPosesByCompoundAndReadsEachBatchOnce() {
        DatasetFixture f = new DatasetFixture();
        Path dir = tmp.resolve("ds");
        f.write(dir, 5);
        try (Dataset ds = Dataset.open(dir, 1)) {
            List<CompoundKey> seen = new ArrayList<>();
            int poses = 0;
            for (CompoundPoses cp : ds) {
                seen.add(cp.key());
                for (PoseRecord p : cp.poses()) {
                    assertEquals(cp.key(), p.key());
                }
                poses += cp.poses().size();
            }
            assertEquals(f.compounds.stream().map(CompoundRecord::key).toList(), seen);
            assertEquals(22, poses);
            assertEquals(ds.poseBatchCount(), ds.poseBatchLoads());
        }
    }

    @Test
    void schemaIsTheDocumentedOne() throws IOException {
        Path dir = tmp.resolve("ds");
        new DatasetFixture().write(dir, 5);
        assertEquals(List.of(
                "target: Utf8 not null", "compound_id: Utf8 not null", "pose_index: Int(32, true) not null",
                "source_file: Utf8 not null", "source_record: Int(32, true) not null",
                "coords: List not null <item: FloatingPoint(SINGLE) not null>",
                "types: List not null <item: Int(16, true) not null>",
                "radii: List not null <item: FloatingPoint(SINGLE) not null>",
                "scores: Map(false) not null <entries: Struct not null <key: Utf8 not null, "
                        + "value: FloatingPoint(DOUBLE) not null>>"),
                describe(schemaOf(dir.resolve("poses.arrow"))));
        assertEquals(List.of(
                "target: Utf8 not null", "compound_id: Utf8 not null", "has_label: Bool not null",
                "pk: FloatingPoint(DOUBLE)", "dg_kt: FloatingPoint(DOUBLE)", "measure: Utf8", "qualifier: Utf8",
                "sigma_pk: FloatingPoint(DOUBLE)", "n_measurements: Int(32, true) not null", "date: Date(DAY)",
                "smiles: Utf8", "n_poses: Int(32, true) not null", "pose_batch: Int(32, true) not null",
                "pose_offset: Int(32, true) not null"),
                describe(schemaOf(dir.resolve("compounds.arrow"))));
        Schema rec = schemaOf(dir.resolve("receptors.arrow"));
        assertEquals(List.of(
                "target: Utf8 not null", "source_file: Utf8 not null",
                "coords: List not null <item: FloatingPoint(SINGLE) not null>",
                "types: List not null <item: Int(16, true) not null>",
                "radii: List not null <item: FloatingPoint(SINGLE) not null>"), describe(rec));
        Map<String, String> md = rec.getCustomMetadata();
        assertEquals("1", md.get("multipose.format_version"));
        assertEquals("test-typer", md.get("multipose.typer"));
        assertEquals("[\"C\",\"N\",\"O\",\"Rec_C\"]", md.get("multipose.channel_names"));
        assertEquals("[1.9,1.8,1.7,1.9]", md.get("multipose.channel_radii"));
        assertEquals("receptors", md.get("multipose.table"));
        assertEquals("[\"a\",\"b\"]", md.get("multipose.receptor_targets"));
    }

    @Test
    void fingerprintIsStableAndSeesOneCoordinate() throws IOException {
        DatasetFixture f = new DatasetFixture();
        String a = f.write(tmp.resolve("a"), 5).fingerprint();
        String b = f.write(tmp.resolve("b"), 5).fingerprint();
        assertEquals(a, b);
        assertTrue(a.matches("sha256:[0-9a-f]{64}"), a);
        for (String name : List.of("poses.arrow", "compounds.arrow", "receptors.arrow", "summary.json",
                "rejects.csv")) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("a").resolve(name)),
                    Files.readAllBytes(tmp.resolve("b").resolve(name)), name);
        }
        assertEquals(a, DatasetFingerprint.of(tmp.resolve("a")));
        try (Dataset ds = Dataset.open(tmp.resolve("a"))) {
            assertEquals(Optional.of(a), ds.recordedFingerprint());
        }
        // one coordinate of one pose moves by 0.001 Å
        CompoundKey k = new CompoundKey("b", "lig4");
        PoseRecord p = f.poses.get(k).get(0);
        float[] xyz = p.coords().clone();
        xyz[4] += 0.001f;
        f.poses.get(k).set(0, new PoseRecord(p.key(), p.poseIndex(), p.sourceFile(), p.sourceRecord(), xyz,
                p.types(), p.radii(), p.scores()));
        String c = f.write(tmp.resolve("c"), 5).fingerprint();
        assertNotEquals(a, c);
    }

    @Test
    void summaryAndRejectsFiles() throws IOException {
        Path dir = tmp.resolve("ds");
        DatasetSummary s = new DatasetFixture().write(dir, 5);
        assertEquals(6, s.stats().compounds());
        assertEquals(22, s.stats().poses());
        assertEquals(4, s.stats().labelled());
        assertEquals(2, s.stats().censored());
        assertEquals(3, s.rejects());
        assertEquals(List.of(
                "file,record,compound,reason",
                "aff.csv,line 3,y,unknown unit: 'q'",
                "poses/x.sdf,record 9,x,no atoms: empty record",
                "poses/x.sdf,record 10,x,no atoms: empty record"),
                Files.readAllLines(dir.resolve("rejects.csv"), StandardCharsets.UTF_8));
        JsonNode j = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertEquals(s.fingerprint(), j.get("fingerprint").asText());
        assertEquals(25, j.at("/counts/in/pose_records").asInt());
        assertEquals(6, j.at("/counts/out/compounds").asInt());
        assertEquals(22, j.at("/counts/out/poses").asInt());
        assertEquals(2, j.at("/counts/out/unlabelled").asInt());
        assertEquals(2, j.at("/counts/rejected/by_reason/no atoms").asInt());
        assertEquals(1, j.at("/counts/rejected/by_reason/unknown unit").asInt());
        assertEquals(1, j.at("/poses_per_compound/histogram/7").asInt());
        // exact labels: 8.0 (a/lig1) and 6.5 (b/lig4): mean 7.25, sd |8 - 6.5|/sqrt(2) = 1.0606601717798212
        assertEquals(6.5, j.at("/labels/exact_pk/min").asDouble(), 0);
        assertEquals(7.25, j.at("/labels/exact_pk/mean").asDouble(), 1e-15);
        assertEquals(1.0606601717798212, j.at("/labels/exact_pk/sd").asDouble(), 1e-15);
        assertEquals(3, j.at("/targets/b/compounds").asInt());
        assertEquals("Rec_C", j.at("/typing/channels/3/name").asText());
    }

    @Test
    void writerRefusesInconsistentInput() {
        DatasetFixture f = new DatasetFixture();
        CompoundRecord first = f.compounds.get(0);
        CompoundRecord second = f.compounds.get(1);
        try (DatasetWriter w = DatasetWriter.create(tmp.resolve("w"), META)) {
            w.addCompound(second, f.poses.get(second.key()));
            assertThrows(IllegalArgumentException.class, () -> w.addCompound(first, f.poses.get(first.key())));
            assertThrows(IllegalArgumentException.class, () -> w.addCompound(second, f.poses.get(second.key())));
        }
        assertFalse(Files.exists(tmp.resolve("w").resolve("poses.arrow")));
        assertFalse(Files.exists(tmp.resolve("w").resolve("poses.arrow.tmp")), "temporary file left behind");
        CompoundKey k = first.key();
        PoseRecord p = f.poses.get(k).get(0);
        try (DatasetWriter w = DatasetWriter.create(tmp.resolve("w2"), META)) {
            PoseRecord badType = new PoseRecord(k, 1, "x", 1, new float[3], new short[] {4}, new float[] {1f},
                    Map.of());
            assertThrows(IllegalArgumentException.class,
                    () -> w.addCompound(new CompoundRecord(k, Optional.empty(), "", 1), List.of(badType)));
            assertThrows(IllegalArgumentException.class,
                    () -> w.addCompound(new CompoundRecord(k, Optional.empty(), "", 2), List.of(p, p)));
            assertThrows(IllegalArgumentException.class,
                    () -> w.addCompound(new CompoundRecord(k, Optional.empty(), "", 2), List.of(p)));
        }
        assertThrows(IllegalArgumentException.class, () -> new PoseRecord(k, 0, "x", 1, new float[3],
                new short[1], new float[1], Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new PoseRecord(k, 1, "x", 1, new float[4],
                new short[1], new float[1], Map.of()));
    }

    @Test
    void aDirectoryThatIsNotADatasetIsAnInputError() throws IOException {
        InputException e = assertThrows(InputException.class, () -> Dataset.open(tmp.resolve("missing")));
        assertTrue(e.getMessage().contains("no such dataset directory"), e.getMessage());
        Files.createDirectories(tmp.resolve("empty"));
        InputException e2 = assertThrows(InputException.class, () -> Dataset.open(tmp.resolve("empty")));
        assertTrue(e2.getMessage().contains("not a multipose dataset"), e2.getMessage());
    }

    @Test
    void anEmptyDatasetIsValid() {
        Path dir = tmp.resolve("e");
        try (DatasetWriter w = DatasetWriter.create(dir, META)) {
            assertEquals(0, w.finish().stats().compounds());
        }
        try (Dataset ds = Dataset.open(dir)) {
            assertEquals(List.of(), ds.compounds());
            assertFalse(ds.iterator().hasNext());
        }
    }

    static Schema schemaOf(Path file) throws IOException {
        try (RootAllocator alloc = new RootAllocator();
                FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
                ArrowFileReader r = new ArrowFileReader(ch, alloc)) {
            return r.getVectorSchemaRoot().getSchema();
        }
    }

    static List<String> describe(Schema s) {
        List<String> out = new ArrayList<>();
        for (Field f : s.getFields()) {
            out.add(describe(f));
        }
        return out;
    }

    private static String describe(Field f) {
        StringBuilder b = new StringBuilder(f.getName()).append(": ").append(f.getType());
        if (!f.isNullable()) {
            b.append(" not null");
        }
        if (!f.getChildren().isEmpty()) {
            List<String> cs = new ArrayList<>();
            for (Field c : f.getChildren()) {
                cs.add(describe(c));
            }
            b.append(" <").append(String.join(", ", cs)).append(">");
        }
        return b.toString();
    }
}
