package org.multipose.data;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One docked pose of a compound as stored in a dataset: heavy atoms as flat arrays, already typed. The arrays are
 * copied on construction; the accessors return the record's own arrays, which callers must not modify (they are
 * read in hot loops, so they are not copied again).
 *
 * @param key          (target, compound id)
 * @param poseIndex    1-based pose rank in its source file unless an SD tag said otherwise
 * @param sourceFile   the pose file as given by the user
 * @param sourceRecord 1-based record number of the pose in that file
 * @param coords       heavy-atom coordinates, Å, flat [x0, y0, z0, x1, ...], length 3·N
 * @param types        channel index of each atom into {@link DatasetMetadata#channelNames()}, length N
 * @param radii        atomic radius of each atom, Å, length N
 * @param scores       SD scores kept (e.g. "vina_score" in kcal/mol, "rmsd_to_reference" in Å), sorted by name
 */
public record PoseRecord(
        CompoundKey key,
        int poseIndex,
        String sourceFile,
        int sourceRecord,
        float[] coords,
        short[] types,
        float[] radii,
        Map<String, Double> scores) {

    public PoseRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sourceFile, "sourceFile");
        Objects.requireNonNull(coords, "coords");
        Objects.requireNonNull(types, "types");
        Objects.requireNonNull(radii, "radii");
        Objects.requireNonNull(scores, "scores");
        if (poseIndex < 1) {
            throw new IllegalArgumentException("pose index must be ≥ 1 (1-based): " + poseIndex);
        }
        if (coords.length != 3 * types.length || radii.length != types.length) {
            throw new IllegalArgumentException("pose " + key + " #" + poseIndex + ": " + coords.length
                    + " coordinates, " + types.length + " types and " + radii.length + " radii; expected 3N, N, N");
        }
        coords = coords.clone();
        types = types.clone();
        radii = radii.clone();
        for (Map.Entry<String, Double> e : scores.entrySet()) {
            Objects.requireNonNull(e.getKey(), "score name");
            Objects.requireNonNull(e.getValue(), "score value");
        }
        scores = Collections.unmodifiableMap(new TreeMap<>(scores));
    }

    /** Number of heavy atoms. */
    public int atomCount() {
        return types.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PoseRecord p
                && key.equals(p.key) && poseIndex == p.poseIndex && sourceFile.equals(p.sourceFile)
                && sourceRecord == p.sourceRecord && Arrays.equals(coords, p.coords) && Arrays.equals(types, p.types)
                && Arrays.equals(radii, p.radii) && scores.equals(p.scores);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, poseIndex, sourceFile, sourceRecord, Arrays.hashCode(coords),
                Arrays.hashCode(types), Arrays.hashCode(radii), scores);
    }

    @Override
    public String toString() {
        return "PoseRecord[" + key + " #" + poseIndex + ", " + sourceFile + " record " + sourceRecord + ", "
                + atomCount() + " atoms, scores " + scores + "]";
    }
}
