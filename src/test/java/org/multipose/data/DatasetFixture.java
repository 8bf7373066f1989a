package org.multipose.data;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import org.multipose.base.Reject;

/**
 * A small synthetic dataset for tests: 2 targets (a, b), 6 compounds with 1–7 poses (22 in all), labelled (Ki,
 * IC50, dG, Kd), censored (2) and unlabelled (2), a receptor per target, 3 rejects.
 */
public final class DatasetFixture {

    public static final DatasetMetadata META = DatasetMetadata.of("test-typer", List.of("C", "N", "O", "Rec_C"),
            List.of(1.9, 1.8, 1.7, 1.9));

    public final List<CompoundRecord> compounds = new ArrayList<>();
    public final Map<CompoundKey, List<PoseRecord>> poses = new LinkedHashMap<>();
    public final List<ReceptorRecord> receptors = new ArrayList<>();

    public DatasetFixture() {
        Random rnd = new Random(7);
        add("a", "lig1", 3, Optional.of(new AffinityLabel(new CompoundKey("a", "lig1"), Measure.KI, 8.0,
                Qualifier.EQUAL, OptionalDouble.of(0.13), 2, Optional.of(LocalDate.of(2020, 2, 29)))),
                "c1ccccc1O", rnd);
        add("a", "lig2", 7, Optional.of(new AffinityLabel(new CompoundKey("a", "lig2"), Measure.IC50, 4.0,
                Qualifier.LESS, OptionalDouble.empty(), 1, Optional.empty())), "", rnd);
        add("a", "lig3", 1, Optional.empty(), "CCO", rnd);
        add("b", "lig1", 4, Optional.of(new AffinityLabel(new CompoundKey("b", "lig1"), Measure.DG, 7.33,
                Qualifier.GREATER, OptionalDouble.of(0.37), 1, Optional.of(LocalDate.of(1999, 12, 31)))),
                "N", rnd);
        add("b", "lig4", 2, Optional.of(new AffinityLabel(new CompoundKey("b", "lig4"), Measure.KD, 6.5,
                Qualifier.EQUAL, OptionalDouble.empty(), 1, Optional.empty())), "", rnd);
        add("b", "lig5", 5, Optional.empty(), "", rnd);
        receptors.add(receptor("b", 40, rnd));
        receptors.add(receptor("a", 25, rnd));
    }

    private void add(String target, String id, int n, Optional<AffinityLabel> label, String smiles, Random rnd) {
        CompoundKey key = new CompoundKey(target, id);
        compounds.add(new CompoundRecord(key, label, smiles, n));
        List<PoseRecord> ps = new ArrayList<>();
        for (int i = n; i >= 1; i--) { // given in reverse: the writer sorts by pose index
            int atoms = 3 + rnd.nextInt(5);
            float[] xyz = new float[3 * atoms];
            short[] types = new short[atoms];
            float[] radii = new float[atoms];
            for (int a = 0; a < atoms; a++) {
                for (int d = 0; d < 3; d++) {
                    xyz[3 * a + d] = (float) (rnd.nextGaussian() * 5);
                }
                types[a] = (short) rnd.nextInt(3);
                radii[a] = 1.5f + 0.1f * types[a];
            }
            Map<String, Double> scores = i % 3 == 0 ? Map.of()
                    : Map.of("vina_score", -7.0 + i * 0.1, "rmsd_to_reference", 0.5 * i);
            ps.add(new PoseRecord(key, i, target + "/poses/" + id + ".sdf", i, xyz, types, radii, scores));
        }
        poses.put(key, ps);
    }

    private static ReceptorRecord receptor(String target, int atoms, Random rnd) {
        float[] xyz = new float[3 * atoms];
        short[] types = new short[atoms];
        float[] radii = new float[atoms];
        for (int a = 0; a < atoms; a++) {
            xyz[3 * a] = (float) rnd.nextGaussian();
            xyz[3 * a + 1] = (float) rnd.nextGaussian();
            xyz[3 * a + 2] = (float) rnd.nextGaussian();
            types[a] = 3;
            radii[a] = 1.9f;
        }
        return new ReceptorRecord(target, target + "/protein.pdb", xyz, types, radii);
    }

    /** Writes the fixture (plus 3 rejects and input counts) into {@code dir}. */
    public DatasetSummary write(Path dir, int posesPerBatch) {
        try (DatasetWriter w = DatasetWriter.create(dir, META, posesPerBatch)) {
            for (ReceptorRecord r : receptors) {
                w.addReceptor(r);
            }
            for (CompoundRecord c : compounds) {
                w.addCompound(c, poses.get(c.key()));
            }
            w.addReject(new Reject("poses/x.sdf", "record 10", "x", "no atoms: empty record"));
            w.addReject(new Reject("poses/x.sdf", "record 9", "x", "no atoms: empty record"));
            w.addReject(new Reject("aff.csv", "line 3", "y", "unknown unit: 'q'"));
            w.countInput("pose_records", 25);
            w.countInput("affinity_rows", 6);
            return w.finish();
        }
    }
}
