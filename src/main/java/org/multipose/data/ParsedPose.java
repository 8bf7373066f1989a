package org.multipose.data;

import java.io.Serializable;
import java.util.Map;

/**
 * A pose record parsed and typed, before it has its pose index ({@link PoseParser}); {@link CompoundAssembly} turns
 * the parsed poses of one compound into its {@link PoseRecord}s. Serializable, so a distributed prepare can move it
 * between machines. The arrays are the parser's own; nobody modifies them.
 *
 * @param compound the compound id
 * @param file     the pose file as the user gave it (named in rejects)
 * @param stored   the pose file as the dataset stores it (relative to the folder holding every pose file)
 * @param record   1-based record number in the file
 * @param where    how rejects name the record ("record 3 (line 120)")
 * @param tagIndex the pose index the pose-index tag gives, or 0 when the record has no such tag
 * @param coords   heavy-atom coordinates, flat x0 y0 z0 x1 …
 * @param types    channel index per atom into the dataset's channel list
 * @param radii    radius per atom, Å
 * @param scores   numeric SD tags kept as scores, sorted by name
 * @param smiles   CDK's SMILES, or "" when not computed for this record
 */
public record ParsedPose(String compound, String file, String stored, int record, String where, int tagIndex,
        float[] coords, short[] types, float[] radii, Map<String, Double> scores, String smiles)
        implements Serializable {
    private static final long serialVersionUID = 1L;
}
