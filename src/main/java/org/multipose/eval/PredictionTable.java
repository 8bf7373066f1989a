package org.multipose.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.multipose.base.InputException;
import org.multipose.data.CompoundKey;

/**
 * A model's predictions over a dataset: one {@link CompoundPrediction} per compound and, optionally, one
 * {@link PosePrediction} per pose (empty when the per-pose table was not written). The input of an evaluation
 * report; written by {@code evaluate} / {@code predict}, read by {@code report}. Compounds are unique by key; when
 * poses are given, every compound has exactly {@code nPoses} of them with distinct indices, one of which is its
 * {@code topPose}, and every pose belongs to a compound of the table.
 *
 * @param compounds one row per compound, in the order given
 * @param poses     one row per pose, in the order given; empty when unknown
 */
public record PredictionTable(List<CompoundPrediction> compounds, List<PosePrediction> poses) {

    public PredictionTable {
        compounds = List.copyOf(compounds);
        poses = List.copyOf(poses);
        String problem = check(compounds, poses, null, null, null, null);
        if (!problem.isEmpty()) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** True when the per-pose table was given. */
    public boolean hasPoses() {
        return !poses.isEmpty();
    }

    /** The targets, sorted. */
    public SortedSet<String> targets() {
        SortedSet<String> t = new TreeSet<>();
        for (CompoundPrediction c : compounds) {
            t.add(c.key().target());
        }
        return t;
    }

    /** The poses of each compound, in the order given. */
    public Map<CompoundKey, List<PosePrediction>> posesByCompound() {
        Map<CompoundKey, List<PosePrediction>> m = new HashMap<>();
        for (PosePrediction p : poses) {
            m.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p);
        }
        return m;
    }

    /** Writes {@value PredictionCsv#COMPOUND_FILE} and, when there are poses, {@value PredictionCsv#POSE_FILE}. */
    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        PredictionCsv.writeCompounds(dir.resolve(PredictionCsv.COMPOUND_FILE), compounds);
        if (hasPoses()) {
            PredictionCsv.writePoses(dir.resolve(PredictionCsv.POSE_FILE), poses);
        }
    }

    /**
     * Reads a predictions table: {@code path} is a directory holding {@value PredictionCsv#COMPOUND_FILE} (and
     * optionally {@value PredictionCsv#POSE_FILE}), or a per-compound CSV file (any name), in which case a
     * {@value PredictionCsv#POSE_FILE} in the same directory is read when present. Bad rows and inconsistencies
     * between the two files are an {@link InputException} naming file and line.
     */
    public static PredictionTable read(Path path) {
        Path compoundFile = Files.isDirectory(path) ? path.resolve(PredictionCsv.COMPOUND_FILE) : path;
        if (!Files.isRegularFile(compoundFile)) {
            throw new InputException(compoundFile + ": not found; give a directory holding "
                    + PredictionCsv.COMPOUND_FILE + " or the CSV file itself");
        }
        Path dir = compoundFile.toAbsolutePath().getParent();
        Path poseFile = dir.resolve(PredictionCsv.POSE_FILE);
        PredictionCsv.Parsed<CompoundPrediction> c = PredictionCsv.parseCompounds(compoundFile);
        PredictionCsv.Parsed<PosePrediction> p = Files.isRegularFile(poseFile) ? PredictionCsv.parsePoses(poseFile)
                : new PredictionCsv.Parsed<>(List.of(), new int[0]);
        String problem = check(c.items(), p.items(), compoundFile, c.lines(), poseFile, p.lines());
        if (!problem.isEmpty()) {
            throw new InputException(problem);
        }
        return new PredictionTable(c.items(), p.items());
    }

    /** Where the table would be read from: the per-compound file for a directory or file argument. */
    public static Path compoundFile(Path path) {
        return Files.isDirectory(path) ? path.resolve(PredictionCsv.COMPOUND_FILE) : path;
    }

    /**
     * The first inconsistency, or empty. Files and lines (null when checking records built in code) make the
     * message name the row to fix.
     */
    private static String check(List<CompoundPrediction> compounds, List<PosePrediction> poses, Path compoundFile,
            int[] compoundLines, Path poseFile, int[] poseLines) {
        Map<CompoundKey, Integer> rowOf = new HashMap<>();
        for (int i = 0; i < compounds.size(); i++) {
            Integer before = rowOf.putIfAbsent(compounds.get(i).key(), i);
            if (before != null) {
                String first = compoundLines == null ? "" : " (first at line " + compoundLines[before] + ")";
                return where(compoundFile, compoundLines, i) + "compound " + compounds.get(i).key()
                        + " appears twice" + first + "; keep one row per (target, compound_id)";
            }
        }
        if (poses.isEmpty()) {
            return "";
        }
        Map<CompoundKey, Set<Integer>> indices = new HashMap<>();
        for (int i = 0; i < poses.size(); i++) {
            PosePrediction p = poses.get(i);
            if (!rowOf.containsKey(p.key())) {
                return where(poseFile, poseLines, i) + "pose of " + p.key() + ", which is not in the compound"
                        + " table; write a compound row for it or drop its poses";
            }
            if (!indices.computeIfAbsent(p.key(), k -> new HashSet<>()).add(p.poseIndex())) {
                return where(poseFile, poseLines, i) + "pose " + p.poseIndex() + " of " + p.key()
                        + " appears twice; keep one row per (target, compound_id, pose_index)";
            }
        }
        for (int i = 0; i < compounds.size(); i++) {
            CompoundPrediction c = compounds.get(i);
            Set<Integer> idx = indices.getOrDefault(c.key(), Set.of());
            if (idx.size() != c.nPoses()) {
                return where(compoundFile, compoundLines, i) + c.key() + " has n_poses " + c.nPoses() + " but "
                        + idx.size() + " rows in the pose table; the two files must come from the same run";
            }
            if (!idx.contains(c.topPose())) {
                return where(compoundFile, compoundLines, i) + c.key() + ": top_pose " + c.topPose()
                        + " is not among its poses in the pose table; the two files must come from the same run";
            }
        }
        return "";
    }

    private static String where(Path file, int[] lines, int i) {
        return file == null ? "" : file + ": line " + lines[i] + ": ";
    }
}
