package org.multipose.model;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.multipose.base.InputException;

/**
 * gnina's pretrained networks from their PyTorch state dicts ({@link TorchStateDict}): the mapping from gnina's
 * parameter names to ours, and the model they describe.
 *
 * <p><b>Name mapping.</b> A state-dict key is {@code <containers>.<layer>.<kind>}; our stable name is
 * {@code <layer>.<kind>}: the module containers in front of the layer name are dropped, the layer and kind kept.
 * <pre>
 *   unit1_conv.weight                                          → unit1_conv.weight        (default2018: unchanged)
 *   pose_output.bias, affinity_output.weight                   → unchanged
 *   data_enc_init_conv.bias                                    → data_enc_init_conv.bias  (dense)
 *   dense_block_0.data_enc_level0_batchnorm_conv2.running_var  → data_enc_level0_batchnorm_conv2.running_var
 *   dense_block_1.data_enc_level1_conv3.weight                 → data_enc_level1_conv3.weight
 *   data_enc_level1_bottleneck.weight                          → unchanged
 *   features.unit3_conv.bias, pose.pose_output.weight          → unit3_conv.bias, pose_output.weight (gnina-torch's
 *                                                               own module names)
 *   dense_block_0.data_enc_level0_batchnorm_conv0.num_batches_tracked → dropped (a training counter; eval-mode
 *                                                               BatchNorm never reads it)
 * </pre>
 * gnina's layer names are unique within a network, so the mapping is one-to-one; any name that does not belong to
 * the network is reported by {@link PoseModel#loadWeights(NamedTensors, String)}.
 *
 * <p><b>The model.</b> A file with {@code data_enc_init_conv.weight} is gnina's Dense network, one with
 * {@code unit1_conv.weight} default2018; the input channels come from the first convolution (28 = gnina's 14
 * receptor + 14 ligand types), Dense's sizes from its layers, the grid is gnina's 48³ (0.5 Å, 23.5 Å), both heads
 * are present and the affinity head is in pK ({@link AffinityHead#PK}: the model outputs y = −ln(10)·pK kT).
 */
public final class GninaWeights {

    /** gnina's grid points per side (23.5 Å at 0.5 Å). */
    public static final int GRID_POINTS = 48;

    private GninaWeights() {
    }

    /** Our stable name for a gnina state-dict key, or empty for an entry that is dropped. */
    public static Optional<String> stableName(String gninaName) {
        String[] parts = gninaName.split("\\.");
        if (parts.length < 2) {
            return Optional.of(gninaName);
        }
        String kind = parts[parts.length - 1];
        if (kind.equals("num_batches_tracked")) {
            return Optional.empty();
        }
        return Optional.of(parts[parts.length - 2] + "." + kind);
    }

    /** The floating tensors of {@code dict} under our stable names, in file order. */
    public static NamedTensors stableTensors(TorchStateDict dict) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, FloatTensor> e : dict.tensors().entries().entrySet()) {
            Optional<String> name = stableName(e.getKey());
            if (name.isPresent() && out.put(name.get(), e.getValue()) != null) {
                throw new InputException(dict.source() + ": two entries map to the parameter '" + name.get()
                        + "'; this is not one of gnina's networks");
            }
        }
        return new NamedTensors(out);
    }

    /**
     * The model a gnina weights file describes, with its weights.
     *
     * @throws InputException when the file cannot be read, is refused, or is not one of gnina's default2018 / Dense
     *                        networks (the message names what differs)
     */
    public static PoseModel load(Path file) {
        TorchStateDict dict = TorchStateDict.read(file);
        NamedTensors weights = stableTensors(dict);
        ModelSpec spec = specOf(weights, dict.source());
        PoseModel model = PoseModel.create(spec, 0L);
        try {
            model.loadWeights(weights, dict.source());
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    /** The spec of the network whose stable-named weights are {@code w}. */
    static ModelSpec specOf(NamedTensors w, String source) {
        Map<String, FloatTensor> e = w.entries();
        if (e.containsKey("data_enc_init_conv.weight")) {
            int in = (int) e.get("data_enc_init_conv.weight").shape()[1];
            int width = (int) e.get("data_enc_init_conv.weight").shape()[0];
            FloatTensor first = e.get("data_enc_level0_conv0.weight");
            if (first == null) {
                throw new InputException(source + ": a Dense network without data_enc_level0_conv0.weight; this is"
                        + " not one of gnina's Dense files");
            }
            int growth = (int) first.shape()[0];
            TreeSet<Integer> levels = new TreeSet<>();
            int convsInLevel0 = 0;
            for (String name : e.keySet()) {
                if (name.startsWith("data_enc_level") && name.contains("_conv") && name.endsWith(".weight")
                        && !name.contains("batchnorm")) {
                    String level = name.substring("data_enc_level".length(), name.indexOf('_', 14));
                    levels.add(Integer.parseInt(level));
                    if (level.equals("0")) {
                        convsInLevel0++;
                    }
                }
            }
            int perBlock = convsInLevel0;
            return checked(() -> new ModelSpec(ModelSpec.DENSE, in, GRID_POINTS,
                    List.of(width, growth, perBlock, levels.size()), e.containsKey("pose_output.weight"),
                    AffinityHead.PK), source);
        }
        if (e.containsKey("unit1_conv.weight")) {
            int in = (int) e.get("unit1_conv.weight").shape()[1];
            return checked(() -> new ModelSpec(ModelSpec.DEFAULT2018, in, GRID_POINTS, ModelSpec.DEFAULT2018_WIDTHS,
                    e.containsKey("pose_output.weight"), AffinityHead.PK), source);
        }
        throw new InputException(source + ": neither gnina's default2018 (unit1_conv.weight) nor its Dense network"
                + " (data_enc_init_conv.weight); the file holds " + shortList(e.keySet()));
    }

    private static ModelSpec checked(java.util.function.Supplier<ModelSpec> spec, String source) {
        try {
            return spec.get();
        } catch (IllegalArgumentException ex) {
            throw new InputException(source + ": " + ex.getMessage(), ex);
        }
    }

    private static String shortList(java.util.Collection<String> names) {
        String s = String.join(", ", names);
        return s.length() <= 200 ? s : s.substring(0, 200) + " …";
    }
}
