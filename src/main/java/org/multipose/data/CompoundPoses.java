package org.multipose.data;

import java.util.List;
import java.util.Objects;

/**
 * A compound together with all its poses (sorted by pose index): the unit that training and evaluation consume.
 *
 * @param compound the compound's row
 * @param poses    its poses, {@code compound.nPoses()} of them
 */
public record CompoundPoses(CompoundRecord compound, List<PoseRecord> poses) {

    public CompoundPoses {
        Objects.requireNonNull(compound, "compound");
        poses = List.copyOf(poses);
        if (poses.size() != compound.nPoses()) {
            throw new IllegalArgumentException(compound.key() + ": " + poses.size() + " poses, the compound table says "
                    + compound.nPoses());
        }
    }

    public CompoundKey key() {
        return compound.key();
    }
}
