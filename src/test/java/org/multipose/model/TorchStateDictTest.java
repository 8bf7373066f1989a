package org.multipose.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.base.InputException;
import org.multipose.testsupport.SharedData;

/**
 * Both torch.save formats, written byte by byte here ({@link PickleWriter}; there is no PyTorch on the test machine),
 * with a storage shared by two tensors at different offsets, a transposed (non-contiguous) view, float64, float16
 * and an int64 counter; pickles that name other globals are refused and nothing they name runs; the real gnina
 * weight files read with their first values as Python's struct module reads them from the raw bytes.
 */
class TorchStateDictTest {

    @TempDir
    Path dir;

    /** Storage "0": 12 float32 values k + 0.25; "1": float64 0.1; "2": float16 1.5, -2.0; "3": int64 7. */
    private static final byte[] S0 = PickleWriter.floats(0.25f, 1.25f, 2.25f, 3.25f, 4.25f, 5.25f, 6.25f, 7.25f,
            8.25f, 9.25f, 10.25f, 11.25f);
    private static final byte[] S1 = PickleWriter.doubles(0.1);
    private static final byte[] S2 = PickleWriter.shorts(0x3E00, 0xC000); // float16 bit patterns of 1.5 and -2.0
    private static final byte[] S3 = PickleWriter.longs(7);

    /**
     * The state dict pickle: w = view of storage 0 at offset 2, size (2, 3), stride (1, 2) (a transposed 3×2);
     * b = storage 0 at offset 9, size (3,); d = storage 1, a scalar; h = storage 2, size (2,); n = storage 3, a
     * scalar int64 (skipped).
     */
    private static byte[] stateDict(boolean legacy, boolean ordered) {
        PickleWriter p = new PickleWriter().proto(2);
        if (ordered) {
            p.global("collections", "OrderedDict").emptyTuple().reduce();
        } else {
            p.emptyDict();
        }
        p.mark();
        p.string("w").tensor("FloatStorage", "0", 12, 2, new long[] {2, 3}, new long[] {1, 2}, legacy);
        p.string("b").tensor("FloatStorage", "0", 12, 9, new long[] {3}, new long[] {1}, legacy);
        p.string("d").tensor("DoubleStorage", "1", 1, 0, new long[] {}, new long[] {}, legacy);
        p.string("h").tensor("HalfStorage", "2", 2, 0, new long[] {2}, new long[] {1}, legacy);
        p.string("n").tensor("LongStorage", "3", 1, 0, new long[] {}, new long[] {}, legacy);
        p.setItems();
        if (ordered) {
            // PyTorch stores the state dict's _metadata as the OrderedDict's state (BUILD)
            p.emptyDict().mark().string("_metadata").emptyDict().setItems().build();
        }
        return p.stop().toBytes();
    }

    /** The legacy stream: magic, protocol 1001, sys info, the dict, the key list, then each storage. */
    private Path legacyFile(byte[] dictPickle) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] magic = {0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19};
        out.write(new PickleWriter().proto(2).long1(magic).stop().toBytes());
        out.write(new PickleWriter().proto(2).integer(1001).stop().toBytes());
        out.write(new PickleWriter().proto(2).emptyDict().mark().string("protocol_version").integer(1001)
                .string("little_endian").newTrue().setItems().stop().toBytes());
        out.write(dictPickle);
        out.write(new PickleWriter().proto(2).emptyList().mark().string("0").string("1").string("2").string("3")
                .appends().stop().toBytes());
        out.write(PickleWriter.longs(12));
        out.write(S0);
        out.write(PickleWriter.longs(1));
        out.write(S1);
        out.write(PickleWriter.longs(2));
        out.write(S2);
        out.write(PickleWriter.longs(1));
        out.write(S3);
        Path f = dir.resolve("legacy.pt");
        Files.write(f, out.toByteArray());
        return f;
    }

    private Path zipFile(byte[] dictPickle, Map<String, byte[]> storages) throws IOException {
        Path f = dir.resolve("zip.pt");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
            z.putNextEntry(new ZipEntry("model/data.pkl"));
            z.write(dictPickle);
            z.putNextEntry(new ZipEntry("model/version"));
            z.write("3\n".getBytes());
            for (Map.Entry<String, byte[]> e : storages.entrySet()) {
                z.putNextEntry(new ZipEntry("model/data/" + e.getKey()));
                z.write(e.getValue());
            }
        }
        return f;
    }

    private static void assertContents(TorchStateDict d) {
        assertEquals(List.of("w", "b", "d", "h"), List.copyOf(d.tensors().entries().keySet()));
        // w(i, j) = storage[2 + i + 2j]
        assertArrayEquals(new long[] {2, 3}, d.tensors().get("w").shape());
        assertArrayEquals(new float[] {2.25f, 4.25f, 6.25f, 3.25f, 5.25f, 7.25f}, d.tensors().get("w").data(), 0f);
        assertArrayEquals(new float[] {9.25f, 10.25f, 11.25f}, d.tensors().get("b").data(), 0f);
        assertArrayEquals(new long[] {}, d.tensors().get("d").shape());
        assertArrayEquals(new float[] {0.1f}, d.tensors().get("d").data(), 0f);
        assertArrayEquals(new float[] {1.5f, -2.0f}, d.tensors().get("h").data(), 0f);
        assertEquals(Map.of("n", "LongStorage"), d.skipped());
    }

    @Test
    void legacyFormatWithSharedStorageOffsetsAndStrides() throws IOException {
        TorchStateDict d = TorchStateDict.read(legacyFile(stateDict(true, false)));
        assertEquals("legacy", d.format());
        assertContents(d);
    }

    @Test
    void zipFormatWithOrderedDictAndMetadata() throws IOException {
        Path f = zipFile(stateDict(false, true), Map.of("0", S0, "1", S1, "2", S2, "3", S3));
        TorchStateDict d = TorchStateDict.read(f);
        assertEquals("zip", d.format());
        assertContents(d);
    }

    @Test
    void aViewReachingPastItsStorageIsRefused() throws IOException {
        PickleWriter p = new PickleWriter().proto(2).emptyDict().mark();
        p.string("w").tensor("FloatStorage", "0", 12, 7, new long[] {2, 3}, new long[] {1, 2}, false);
        Path f = zipFile(p.setItems().stop().toBytes(), Map.of("0", S0));
        InputException e = assertThrows(InputException.class, () -> TorchStateDict.read(f));
        // last element 7 + 1 + 2·2 = 12 of a 12-element storage
        assertTrue(e.getMessage().contains("reaches element 12 of a storage of 12"), e.getMessage());
    }

    @Test
    void aPickleNamingOsSystemIsRefusedAndNothingRuns() throws IOException {
        Path marker = dir.resolve("pwned");
        // the classic payload: os.system("touch <marker>") as the state dict
        byte[] evil = new PickleWriter().proto(2).global("os", "system").mark().string("touch " + marker).tuple()
                .reduce().stop().toBytes();
        Path f = zipFile(evil, Map.of());
        InputException e = assertThrows(InputException.class, () -> TorchStateDict.read(f));
        assertTrue(e.getMessage().contains("'os.system'"), e.getMessage());
        assertTrue(e.getMessage().startsWith(f + ": refused"), e.getMessage());
        assertFalse(Files.exists(marker));
        // the same payload inside a legacy stream, after a valid header
        Path g = legacyFile(evil);
        InputException e2 = assertThrows(InputException.class, () -> TorchStateDict.read(g));
        assertTrue(e2.getMessage().contains("'os.system'"), e2.getMessage());
        assertFalse(Files.exists(marker));
    }

    @Test
    void otherWaysOfNamingCodeAreRefused() throws IOException {
        // STACK_GLOBAL builtins.eval inside a tensor entry's value
        byte[] stackGlobal = new PickleWriter().proto(4).emptyDict().mark().string("x").string("builtins")
                .string("eval").stackGlobal().mark().string("1+1").tuple().reduce().setItems().stop().toBytes();
        assertRefused(stackGlobal, "'builtins.eval'");
        // INST instantiates a class directly
        byte[] inst = new PickleWriter().proto(1).mark().string("id").inst("subprocess", "Popen").stop().toBytes();
        assertRefused(inst, "INST opcode");
        // torch's own non-state-dict loaders are not on the list either
        byte[] torchLoader = new PickleWriter().proto(2).global("torch.storage", "_load_from_bytes").mark()
                .string("x").tuple().reduce().stop().toBytes();
        assertRefused(torchLoader, "'torch.storage._load_from_bytes'");
        // BUILD on anything but an OrderedDict would set an object's state
        byte[] build = new PickleWriter().proto(2).emptyDict().emptyDict().build().stop().toBytes();
        assertRefused(build, "BUILD");
    }

    private void assertRefused(byte[] pickle, String named) throws IOException {
        Path f = zipFile(pickle, Map.of());
        InputException e = assertThrows(InputException.class, () -> TorchStateDict.read(f));
        assertTrue(e.getMessage().contains("refused") && e.getMessage().contains(named), e.getMessage());
    }

    @Test
    void notAStateDictIsNamed() throws IOException {
        Path text = dir.resolve("notes.pt");
        Files.writeString(text, "hello");
        InputException e = assertThrows(InputException.class, () -> TorchStateDict.read(text));
        assertTrue(e.getMessage().contains("not a PyTorch file"), e.getMessage());
        InputException missing = assertThrows(InputException.class,
                () -> TorchStateDict.read(dir.resolve("absent.pt")));
        assertTrue(missing.getMessage().contains("no such weights file"), missing.getMessage());
        byte[] list = new PickleWriter().proto(2).emptyDict().mark().string("w").integer(3).setItems().stop()
                .toBytes();
        Path notTensor = zipFile(list, Map.of());
        InputException e3 = assertThrows(InputException.class, () -> TorchStateDict.read(notTensor));
        assertTrue(e3.getMessage().contains("entry 'w' is the number 3, not a tensor"), e3.getMessage());
    }

    @Test
    void halfPrecisionConvertsExactly() {
        // literals: IEEE binary16 patterns and their values
        assertEquals(1.0f, TorchStateDict.halfToFloat((short) 0x3C00), 0f);
        assertEquals(-0.0f, TorchStateDict.halfToFloat((short) 0x8000), 0f);
        assertEquals(65504f, TorchStateDict.halfToFloat((short) 0x7BFF), 0f);
        assertEquals(0x1p-24f, TorchStateDict.halfToFloat((short) 0x0001), 0f); // smallest subnormal
        assertEquals(Float.NEGATIVE_INFINITY, TorchStateDict.halfToFloat((short) 0xFC00), 0f);
        assertTrue(Float.isNaN(TorchStateDict.halfToFloat((short) 0x7E00)));
    }

    @Test
    void realGninaWeightFilesRead() {
        Path w = SharedData.require().resolve("gnina-models/weights");
        TorchStateDict legacy = TorchStateDict.read(w.resolve("crossdock_default2018.pt"));
        assertEquals("legacy", legacy.format());
        assertEquals(14, legacy.tensors().size());
        FloatTensor u1 = legacy.tensors().get("unit1_conv.weight");
        assertArrayEquals(new long[] {32, 28, 3, 3, 3}, u1.shape());
        // literals: struct.unpack('<2f') of the storage's first 8 bytes, and the affinity bias
        assertEquals(-0.021345093846321106f, u1.data()[0], 0f);
        assertEquals(-0.01838189736008644f, u1.data()[1], 0f);
        assertEquals(0.08573698997497559f, legacy.tensors().get("affinity_output.bias").data()[0], 0f);
        assertEquals(389059, legacy.tensors().valueCount());

        TorchStateDict zip = TorchStateDict.read(w.resolve("dense.pt"));
        assertEquals("zip", zip.format());
        assertEquals(82, zip.tensors().size());
        assertEquals(12, zip.skipped().size()); // one num_batches_tracked per BatchNorm
        assertEquals("data_enc_init_conv.weight", zip.tensors().entries().keySet().iterator().next());
        assertEquals(0.07053828984498978f, zip.tensors().get("data_enc_init_conv.weight").data()[0], 0f);
        assertEquals(0.04332432150840759f, zip.tensors().get("data_enc_init_conv.weight").data()[1], 0f);
    }
}
