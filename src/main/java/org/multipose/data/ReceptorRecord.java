package org.multipose.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * The receptor atoms of one target, stored once per target (not per pose). Arrays are copied on construction; the
 * accessors return the record's own arrays, which callers must not modify.
 *
 * @param target     target name
 * @param sourceFile the receptor file as given by the user
 * @param coords     atom coordinates, Å, flat [x0, y0, z0, ...], length 3·N
 * @param types      channel index of each atom into {@link DatasetMetadata#channelNames()}, length N
 * @param radii      atomic radius of each atom, Å, length N
 */
public record ReceptorRecord(String target, String sourceFile, float[] coords, short[] types, float[] radii) {

    public ReceptorRecord {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(sourceFile, "sourceFile");
        Objects.requireNonNull(coords, "coords");
        Objects.requireNonNull(types, "types");
        Objects.requireNonNull(radii, "radii");
        if (target.isBlank()) {
            throw new IllegalArgumentException("blank target");
        }
        if (coords.length != 3 * types.length || radii.length != types.length) {
            throw new IllegalArgumentException("receptor " + target + ": " + coords.length + " coordinates, "
                    + types.length + " types and " + radii.length + " radii; expected 3N, N, N");
        }
        coords = coords.clone();
        types = types.clone();
        radii = radii.clone();
    }

    public int atomCount() {
        return types.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReceptorRecord r && target.equals(r.target) && sourceFile.equals(r.sourceFile)
                && Arrays.equals(coords, r.coords) && Arrays.equals(types, r.types) && Arrays.equals(radii, r.radii);
    }

    @Override
    public int hashCode() {
        return Objects.hash(target, sourceFile, Arrays.hashCode(coords), Arrays.hashCode(types),
                Arrays.hashCode(radii));
    }

    @Override
    public String toString() {
        return "ReceptorRecord[" + target + ", " + sourceFile + ", " + atomCount() + " atoms]";
    }
}
