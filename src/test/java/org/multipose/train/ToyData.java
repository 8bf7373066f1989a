package org.multipose.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.multipose.config.GridSpec;
import org.multipose.data.AffinityLabel;
import org.multipose.data.CompoundKey;
import org.multipose.data.CompoundPoses;
import org.multipose.data.CompoundRecord;
import org.multipose.data.DatasetMetadata;
import org.multipose.data.DatasetWriter;
import org.multipose.data.Measure;
import org.multipose.data.PoseRecord;
import org.multipose.data.Qualifier;
import org.multipose.data.ReceptorRecord;
import org.multipose.model.ModelSpec;

/**
 * Small synthetic compounds for the training tests: one target "t" with a receptor of 30 atoms (channel 3) around
 * the origin, compounds of 3–6 ligand atoms (channels 0–2) with 2–4 poses each, placed within ±2.5 Å of the origin,
 * labelled pK 5–8 (Ki or IC50; every fifth compound censored, σ on every label) with an "rmsd" score per pose.
 * Tiny grids (1 Å, 7 Å: 8³ points) and a tiny network keep each step to milliseconds.
 */
final class ToyData {

    static final DatasetMetadata META = DatasetMetadata.of("toy-typer", List.of("lig_C", "lig_N", "lig_O", "rec_C"),
            List.of(1.9, 1.8, 1.7, 1.9));
    static final GridSpec GRID = GridSpec.of(1.0, 7.0, 1.0, 1.0, false);

    private ToyData() {
    }

    /** The tiny network for 4 channels on 8³ grids. */
    static ModelSpec model() {
        return new ModelSpec(ModelSpec.SMALL, 4, 8, List.of(2, 2, 3, 3, 4), false);
    }

    static ReceptorRecord receptor() {
        SplittableRandom rnd = new SplittableRandom(11);
        int n = 30;
        float[] xyz = new float[3 * n];
        short[] types = new short[n];
        float[] radii = new float[n];
        for (int a = 0; a < n; a++) {
            for (int d = 0; d < 3; d++) {
                xyz[3 * a + d] = (float) (rnd.nextDouble(-5, 5));
            }
            types[a] = 3;
            radii[a] = 1.9f;
        }
        return new ReceptorRecord("t", "toy/receptor.pdb", xyz, types, radii);
    }

    /** {@code count} compounds c001, c002, ... of target "t" with seeded atoms and labels. */
    static List<CompoundPoses> compounds(int count, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<CompoundPoses> out = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            CompoundKey key = new CompoundKey("t", String.format("c%03d", c + 1));
            int atoms = 3 + rnd.nextInt(4);
            short[] types = new short[atoms];
            float[] radii = new float[atoms];
            for (int a = 0; a < atoms; a++) {
                types[a] = (short) rnd.nextInt(3);
                radii[a] = (float) META.channelRadii().get(types[a]).doubleValue();
            }
            int nPoses = 2 + rnd.nextInt(3);
            List<PoseRecord> poses = new ArrayList<>();
            for (int p = 1; p <= nPoses; p++) {
                float[] xyz = new float[3 * atoms];
                for (int i = 0; i < xyz.length; i++) {
                    xyz[i] = (float) rnd.nextDouble(-2.5, 2.5);
                }
                poses.add(new PoseRecord(key, p, "toy/" + key.compoundId() + ".sdf", p, xyz, types, radii,
                        Map.of("rmsd", 0.5 + 1.5 * rnd.nextDouble(), "dock", -5 - rnd.nextDouble())));
            }
            double pk = 5 + 3 * rnd.nextDouble();
            Qualifier q = c % 5 == 4 ? Qualifier.LESS : Qualifier.EQUAL;
            Measure m = c % 2 == 0 ? Measure.KI : Measure.IC50;
            AffinityLabel label = new AffinityLabel(key, m, pk, q, OptionalDouble.of(0.2 + 0.2 * rnd.nextDouble()),
                    1, Optional.empty());
            out.add(new CompoundPoses(new CompoundRecord(key, Optional.of(label), "", nPoses), poses));
        }
        return out;
    }

    /** Writes {@code compounds} with {@link #receptor()} as a dataset directory. */
    static Path write(Path dir, List<CompoundPoses> compounds) {
        return write(dir, compounds, META);
    }

    static Path write(Path dir, List<CompoundPoses> compounds, DatasetMetadata meta) {
        try (DatasetWriter w = DatasetWriter.create(dir, meta, 64)) {
            w.addReceptor(receptor());
            for (CompoundPoses c : compounds) {
                w.addCompound(c.compound(), c.poses());
            }
            w.finish();
        }
        return dir;
    }
}
