package org.multipose.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.multipose.base.Reject;

/**
 * The poses of one compound assembled from its parsed records in arrival order (file path, then record): each
 * record of the compound counts towards the ranks (a rejected one too), a pose's index is its pose-index tag or else
 * its rank, a later pose with an index already taken is rejected ("duplicate pose index"), and a pose far from the
 * receptor is rejected ({@link PoseContact}). The compound's SMILES is the first one its poses carry. Used by
 * {@link Preparer} and by the distributed prepare, so both give the same poses and rejects.
 *
 * @param key     the compound
 * @param poses   the poses kept, in arrival order (empty when every record was rejected)
 * @param smiles  the compound's SMILES, or ""
 * @param rejects the poses rejected here
 */
public record CompoundAssembly(CompoundKey key, List<PoseRecord> poses, String smiles, List<Reject> rejects) {

    public CompoundAssembly {
        Objects.requireNonNull(key, "key");
        poses = List.copyOf(poses);
        Objects.requireNonNull(smiles, "smiles");
        rejects = List.copyOf(rejects);
    }

    /**
     * Assembles a compound.
     *
     * @param records        the compound's records in arrival order (file path, then record number)
     * @param receptorCoords the target's receptor coordinates (for the contact check)
     * @param poseIndexTag   the pose-index tag, for the duplicate message
     */
    public static CompoundAssembly of(CompoundKey key, List<ParsedRecord> records, float[] receptorCoords,
            String poseIndexTag) {
        List<ParsedPose> parsed = new ArrayList<>();
        List<Integer> indices = new ArrayList<>();
        int rank = 0;
        for (ParsedRecord r : records) {
            rank++;
            if (r.hasPose()) {
                parsed.add(r.pose());
                indices.add(r.pose().tagIndex() > 0 ? r.pose().tagIndex() : rank);
            }
        }
        String smiles = "";
        for (ParsedPose p : parsed) {
            if (!p.smiles().isEmpty()) {
                smiles = p.smiles();
                break;
            }
        }
        Map<Integer, ParsedPose> byIndex = new HashMap<>();
        List<PoseRecord> kept = new ArrayList<>();
        List<Reject> rejects = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
            ParsedPose p = parsed.get(i);
            int index = indices.get(i);
            ParsedPose first = byIndex.putIfAbsent(index, p);
            if (first != null) {
                rejects.add(new Reject(p.file(), p.where(), key.compoundId(), "duplicate pose index: pose "
                        + index + " of " + key + " is already " + first.file() + " " + first.where()
                        + "; this later record is skipped (check the <" + poseIndexTag + "> tags, or"
                        + " number poses by rank with pose_index_tag: \"\")"));
                continue;
            }
            Optional<String> away = PoseContact.problem(p.coords(), receptorCoords, key.target());
            if (away.isPresent()) {
                rejects.add(new Reject(p.file(), p.where(), key.compoundId(), away.get()));
                continue;
            }
            kept.add(new PoseRecord(key, index, p.stored(), p.record(), p.coords(), p.types(), p.radii(),
                    p.scores()));
        }
        return new CompoundAssembly(key, kept, smiles, rejects);
    }
}
