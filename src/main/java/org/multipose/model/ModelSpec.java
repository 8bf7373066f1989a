package org.multipose.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.multipose.base.InputException;

/**
 * What a per-pose network is: the architecture family, the input it expects and its widths. A checkpoint stores it
 * (as {@link #encode()}) and loading weights checks it, so a model can never silently run on grids of another shape.
 *
 * <p>Two families. {@code default2018} and {@code small} share gnina's default2018 topology (five 3-D convolutions
 * in three pooled stages, then a linear affinity head, optionally a linear pose head; {@link PoseNetBlock}); they
 * differ in their default widths and grid size:
 * <ul>
 *   <li>{@code default2018}: widths 32, 32, 64, 64, 128 on 48³ grids (0.5 Å, 23.5 Å) — gnina's network;</li>
 *   <li>{@code small}: widths 8, 8, 16, 16, 32 on 24³ grids (1 Å, 23 Å) — trains in minutes on 2 CPU cores.</li>
 * </ul>
 * {@code dense} is gnina's densely connected network ({@link DenseNetBlock}); its "widths" are its four sizes:
 * the initial convolution's width (32), the channels each dense convolution adds (16), convolutions per dense block
 * (4) and dense blocks (3).
 *
 * @param architecture  a name in {@link Architectures}: {@link #DEFAULT2018}, {@link #SMALL} or {@link #DENSE}
 * @param inputChannels grid channels C (receptor + ligand types), ≥ 1
 * @param gridPoints    grid points per side n (input is [B, C, n, n, n]); at least 8 for the default2018 family,
 *                      which pools three times by 2 (the flattened size uses ⌊n/8⌋), and at least 2^blocks for dense
 * @param widths        default2018 family: output channels of the five convolutions unit1 (3³), unit2 (1³), unit3
 *                      (3³), unit4 (1³), unit5 (3³); dense: initial width, growth, convolutions per block, blocks
 * @param poseHead      whether the network also has gnina's pose-classification head (2 logits per pose)
 * @param affinityHead  the unit of the affinity head's linear layer (the model's output is kT either way)
 */
public record ModelSpec(String architecture, int inputChannels, int gridPoints, List<Integer> widths,
        boolean poseHead, AffinityHead affinityHead) {

    /** gnina's default2018 family name. */
    public static final String DEFAULT2018 = "default2018";
    /** The CPU-sized member of the family. */
    public static final String SMALL = "small";
    /** gnina's densely connected network. */
    public static final String DENSE = "dense";

    /** default2018's convolution widths. */
    public static final List<Integer> DEFAULT2018_WIDTHS = List.of(32, 32, 64, 64, 128);
    /** The small network's default convolution widths. */
    public static final List<Integer> SMALL_WIDTHS = List.of(8, 8, 16, 16, 32);

    /** gnina's Dense sizes: initial width 32, growth 16, 4 convolutions per block, 3 blocks. */
    public static final List<Integer> DENSE_WIDTHS = List.of(32, 16, 4, 3);

    /** Number of convolutions (and so of widths) of the default2018 family. */
    public static final int CONVOLUTIONS = 5;

    public ModelSpec {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(widths, "widths");
        Objects.requireNonNull(affinityHead, "affinityHead");
        Architecture arch = Architectures.get(architecture);
        if (inputChannels < 1) {
            throw new IllegalArgumentException("model input channels must be ≥ 1, got " + inputChannels);
        }
        for (Integer w : widths) {
            if (w == null || w < 1) {
                throw new IllegalArgumentException("model widths must be positive integers, got " + widths);
            }
        }
        arch.check(gridPoints, widths);
        widths = List.copyOf(widths);
    }

    /** A spec whose affinity head computes kT (multipose's own networks). */
    public ModelSpec(String architecture, int inputChannels, int gridPoints, List<Integer> widths, boolean poseHead) {
        this(architecture, inputChannels, gridPoints, widths, poseHead, AffinityHead.KT);
    }

    /** gnina's default2018 on 48³ grids with the pose head. */
    public static ModelSpec default2018(int inputChannels) {
        return new ModelSpec(DEFAULT2018, inputChannels, 48, DEFAULT2018_WIDTHS, true);
    }

    /** The CPU-sized network on 24³ grids, affinity head only. */
    public static ModelSpec small(int inputChannels) {
        return new ModelSpec(SMALL, inputChannels, 24, SMALL_WIDTHS, false);
    }

    /** gnina's Dense network on 48³ grids with the pose head and an affinity head in pK, as gnina trained it. */
    public static ModelSpec gninaDense(int inputChannels) {
        return new ModelSpec(DENSE, inputChannels, 48, DENSE_WIDTHS, true, AffinityHead.PK);
    }

    /** gnina's default2018 on 48³ grids with the pose head and an affinity head in pK, as gnina trained it. */
    public static ModelSpec gninaDefault2018(int inputChannels) {
        return new ModelSpec(DEFAULT2018, inputChannels, 48, DEFAULT2018_WIDTHS, true, AffinityHead.PK);
    }

    /** Default widths of an architecture. */
    public static List<Integer> defaultWidths(String architecture) {
        return Architectures.get(architecture).defaultWidths();
    }

    /** True for gnina's Dense network. */
    public boolean isDense() {
        return architecture.equals(DENSE);
    }

    /**
     * Spatial size per side after the poolings: default2018 family ⌊⌊⌊n/2⌋/2⌋/2⌋ = ⌊n/8⌋; dense ⌊n/2^blocks⌋ (before
     * its global max pooling).
     */
    public int pooledPoints() {
        return isDense() ? gridPoints >> widths.get(3) : gridPoints / 8;
    }

    /**
     * Length of the feature vector feeding the heads: widths[4] · ⌊n/8⌋³ (default2018 family); for dense the channel
     * count of the last dense block after global max pooling, initial width + blocks · convolutions · growth.
     */
    public long flattenedSize() {
        if (isDense()) {
            return widths.get(0) + (long) widths.get(3) * widths.get(2) * widths.get(1);
        }
        long p = pooledPoints();
        return widths.get(4) * p * p * p;
    }

    /**
     * Number of trainable scalars, computed from the spec (weights + biases of every layer; for dense also the
     * BatchNorm scales and shifts, not their running statistics, which are fixed buffers).
     */
    public long parameterCount() {
        if (isDense()) {
            return denseParameterCount();
        }
        long count = 0;
        int in = inputChannels;
        for (int i = 0; i < CONVOLUTIONS; i++) {
            int k = kernel(i);
            int out = widths.get(i);
            count += (long) out * in * k * k * k + out;
            in = out;
        }
        long f = flattenedSize();
        count += f + 1;
        if (poseHead) {
            count += 2 * f + 2;
        }
        return count;
    }

    private long denseParameterCount() {
        int init = widths.get(0);
        int growth = widths.get(1);
        int convs = widths.get(2);
        int blocks = widths.get(3);
        long count = 27L * inputChannels * init + init;
        int in = init;
        for (int level = 0; level < blocks; level++) {
            for (int k = 0; k < convs; k++) {
                int c = in + k * growth;
                count += 2L * c + 27L * c * growth + growth;
            }
            in += convs * growth;
            if (level < blocks - 1) {
                count += (long) in * in + in;
            }
        }
        long f = flattenedSize();
        count += f + 1;
        if (poseHead) {
            count += 2 * f + 2;
        }
        return count;
    }

    /** Kernel size of convolution {@code i} (0-based): 3 for unit1/3/5, 1 for unit2/4. */
    static int kernel(int i) {
        return i % 2 == 0 ? 3 : 1;
    }

    /** One line, {@code key=value;...}, stored in checkpoints and weight files. */
    public String encode() {
        StringBuilder w = new StringBuilder();
        for (int i = 0; i < widths.size(); i++) {
            w.append(i == 0 ? "" : ",").append(widths.get(i));
        }
        // The head unit is written only when it is not kT, so specs saved before it existed read back unchanged.
        return "architecture=" + architecture + ";inputChannels=" + inputChannels + ";gridPoints=" + gridPoints
                + ";widths=" + w + ";poseHead=" + poseHead
                + (affinityHead == AffinityHead.KT ? "" : ";affinityHead=" + affinityHead.unit());
    }

    /**
     * Parses {@link #encode()}'s form.
     *
     * @param source names where the text came from, for the error message
     * @throws InputException when a field is missing or malformed
     */
    public static ModelSpec decode(String text, String source) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String part : text.split(";")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new InputException(source + ": malformed model spec '" + text
                        + "' (expected key=value;...); re-save the checkpoint with this version");
            }
            kv.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        try {
            List<Integer> widths = new ArrayList<>();
            for (String s : field(kv, "widths", source).split(",")) {
                widths.add(Integer.parseInt(s.trim()));
            }
            String pose = field(kv, "poseHead", source);
            if (!pose.equals("true") && !pose.equals("false")) {
                throw new IllegalArgumentException("poseHead must be true or false, got '" + pose + "'");
            }
            AffinityHead head = AffinityHead.ofUnit(kv.getOrDefault("affinityHead", AffinityHead.KT.unit()));
            return new ModelSpec(field(kv, "architecture", source),
                    Integer.parseInt(field(kv, "inputChannels", source)),
                    Integer.parseInt(field(kv, "gridPoints", source)), widths, Boolean.parseBoolean(pose), head);
        } catch (IllegalArgumentException e) {
            throw new InputException(source + ": bad model spec '" + text + "': " + e.getMessage(), e);
        }
    }

    private static String field(Map<String, String> kv, String key, String source) {
        String v = kv.get(key);
        if (v == null) {
            throw new InputException(source + ": model spec lacks '" + key + "'; re-save the checkpoint");
        }
        return v;
    }

    /**
     * Checks that {@code found} (e.g. read from a checkpoint) equals this spec (e.g. from the config).
     *
     * @param source names the file {@code found} came from, for the error message
     * @throws InputException naming every field that differs, with both values
     */
    public void requireSame(ModelSpec found, String source) {
        List<String> diffs = new ArrayList<>();
        diff(diffs, "architecture", architecture, found.architecture);
        diff(diffs, "inputChannels", inputChannels, found.inputChannels);
        diff(diffs, "gridPoints", gridPoints, found.gridPoints);
        diff(diffs, "widths", widths, found.widths);
        diff(diffs, "poseHead", poseHead, found.poseHead);
        diff(diffs, "affinityHead", affinityHead, found.affinityHead);
        if (!diffs.isEmpty()) {
            throw new InputException(source + ": model spec differs from the expected one: "
                    + String.join(", ", diffs)
                    + "; use the model settings the checkpoint was trained with, or train a new model");
        }
    }

    private static void diff(List<String> out, String name, Object expected, Object found) {
        if (!expected.equals(found)) {
            out.add(name + " is " + found + " there but " + expected + " here");
        }
    }
}
