package org.multipose.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.base.InputException;
import org.multipose.testsupport.SharedData;

/** The mapping from gnina's state-dict names to ours, the models the files describe, and the registry. */
class GninaWeightsTest {

    @Test
    void namesMapToTheLayerAndKind() {
        Map<String, Optional<String>> cases = Map.of(
                "unit1_conv.weight", Optional.of("unit1_conv.weight"),
                "affinity_output.bias", Optional.of("affinity_output.bias"),
                "data_enc_init_conv.bias", Optional.of("data_enc_init_conv.bias"),
                "dense_block_0.data_enc_level0_batchnorm_conv2.running_var",
                Optional.of("data_enc_level0_batchnorm_conv2.running_var"),
                "dense_block_1.data_enc_level1_conv3.weight", Optional.of("data_enc_level1_conv3.weight"),
                "data_enc_level1_bottleneck.weight", Optional.of("data_enc_level1_bottleneck.weight"),
                "features.unit3_conv.bias", Optional.of("unit3_conv.bias"),
                "pose.pose_output.weight", Optional.of("pose_output.weight"),
                "features.dense_block_2.blocks.data_enc_level2_conv0.bias", Optional.of("data_enc_level2_conv0.bias"),
                "dense_block_0.data_enc_level0_batchnorm_conv0.num_batches_tracked", Optional.empty());
        for (Map.Entry<String, Optional<String>> c : cases.entrySet()) {
            assertEquals(c.getValue(), GninaWeights.stableName(c.getKey()), c.getKey());
        }
    }

    @Test
    void realFilesBuildGninasNetworksWithTheirWeights() {
        Path w = SharedData.require().resolve("gnina-models/weights");
        try (PoseModel d = GninaWeights.load(w.resolve("dense.pt"));
                PoseModel c = GninaWeights.load(w.resolve("crossdock_default2018_3.pt"))) {
            assertEquals(ModelSpec.gninaDense(28), d.spec());
            assertEquals(ModelSpec.gninaDefault2018(28), c.spec());
            assertEquals(685123, d.parameterCount());
            assertEquals(389059, c.parameterCount());
            assertEquals(2880, d.buffers().values().stream().mapToLong(a -> a.size()).sum());
            // the first value of dense.pt's init convolution (struct.unpack of the raw storage bytes)
            assertEquals(0.07053828984498978f, d.parameters().get("data_enc_init_conv.weight").toFloatArray()[0], 0f);
        }
    }

    @Test
    void registryExpandsGninasNames() {
        assertEquals(List.of("dense", "general_default2018_3", "dense_3", "crossdock_default2018",
                "redock_default2018_2"), GninaRegistry.members("default"));
        assertEquals(List.of("dense", "dense_1", "dense_2", "dense_3", "dense_4"),
                GninaRegistry.members("dense_ensemble"));
        assertEquals(List.of("general_default2018_4"), GninaRegistry.members("general_default2018_4"));
        for (String bad : List.of("dense_5", "dense_1_ensemble", "default2017", "crossdock", "")) {
            InputException e = assertThrows(InputException.class, () -> GninaRegistry.members(bad), bad);
            assertTrue(e.getMessage().startsWith("unknown gnina model '" + bad + "'; known: default,"),
                    e.getMessage());
        }
        assertEquals(25, GninaRegistry.names().size()); // default + 4 families × (name, _1.._4, _ensemble)
    }

    @Test
    void weightsFolderPrecedenceAndMissingFiles(@TempDir Path tmp) throws Exception {
        Path a = Files.createDirectory(tmp.resolve("a"));
        Path b = Files.createDirectory(tmp.resolve("b"));
        Path c = Files.createDirectory(tmp.resolve("c"));
        Map<String, String> env = Map.of(GninaRegistry.ENV, c.toString());
        assertEquals(a, GninaRegistry.resolve(Optional.of(a), Optional.of(b), env).weightsDir());
        assertEquals(b, GninaRegistry.resolve(Optional.empty(), Optional.of(b), env).weightsDir());
        assertEquals(c, GninaRegistry.resolve(Optional.empty(), Optional.empty(), env).weightsDir());
        InputException none = assertThrows(InputException.class,
                () -> GninaRegistry.resolve(Optional.empty(), Optional.empty(), Map.of()));
        assertTrue(none.getMessage().contains("--weights-dir DIR, the config key model.weights_dir, or the"
                + " environment variable MULTIPOSE_GNINA_WEIGHTS"), none.getMessage());
        InputException notDir = assertThrows(InputException.class,
                () -> GninaRegistry.resolve(Optional.of(tmp.resolve("nope")), Optional.empty(), Map.of()));
        assertTrue(notDir.getMessage().startsWith("--weights-dir " + tmp.resolve("nope") + ": no such directory"),
                notDir.getMessage());

        Files.createFile(a.resolve("dense.pt"));
        Files.createFile(a.resolve("dense_3.pt"));
        GninaRegistry r = new GninaRegistry(a);
        assertEquals(List.of(a.resolve("dense.pt")), r.files("dense"));
        InputException missing = assertThrows(InputException.class, () -> r.files("default"));
        assertEquals("gnina:default needs general_default2018_3.pt, crossdock_default2018.pt,"
                + " redock_default2018_2.pt, not in " + a + " (it holds dense, dense_3); copy the file(s) there or"
                + " point --weights-dir at the folder that has them", missing.getMessage());
    }

    @Test
    void aFileOfAnotherNetworkIsNamed(@TempDir Path tmp) throws Exception {
        // a state dict with one tensor that is neither default2018 nor Dense
        byte[] pickle = new PickleWriter().proto(2).emptyDict().mark().string("fc.weight")
                .tensor("FloatStorage", "0", 2, 0, new long[] {2}, new long[] {1}, false).setItems().stop().toBytes();
        Path f = tmp.resolve("other.pt");
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(f))) {
            z.putNextEntry(new java.util.zip.ZipEntry("x/data.pkl"));
            z.write(pickle);
            z.putNextEntry(new java.util.zip.ZipEntry("x/data/0"));
            z.write(PickleWriter.floats(1f, 2f));
        }
        InputException e = assertThrows(InputException.class, () -> GninaWeights.load(f));
        assertEquals(f + ": neither gnina's default2018 (unit1_conv.weight) nor its Dense network"
                + " (data_enc_init_conv.weight); the file holds fc.weight", e.getMessage());
        assertArrayEquals(new float[] {1f, 2f}, TorchStateDict.read(f).tensors().get("fc.weight").data(), 0f);
    }
}
