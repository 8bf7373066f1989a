package org.multipose.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The training data: exactly one of a prepared dataset directory or the inputs from which to prepare one, and which
 * poses of each compound are used.
 *
 * @param dataset       a dataset directory written by {@code prepare}
 * @param prepare       the inputs of {@code prepare}, run before training
 * @param poseSelection which poses of each compound the run uses (training, and predicting with the run unless told
 *                      otherwise); the dataset keeps them all
 */
public record DataConfig(
        @Doc("a dataset directory written by `prepare` (give this or `prepare`)") Optional<Path> dataset,
        @Doc("prepare a dataset from poses, receptors and an affinity table first (give this or `dataset`)")
                Optional<PrepareConfig> prepare,
        @Doc("which poses of each compound the run uses (the dataset keeps them all)") PoseSelection poseSelection) {

    public DataConfig {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(prepare, "prepare");
        Objects.requireNonNull(poseSelection, "poseSelection");
        if (dataset.isPresent() == prepare.isPresent()) {
            throw new ConfigProblem("", "give exactly one of dataset, prepare ("
                    + (dataset.isPresent() ? "both are set" : "neither is set") + ")");
        }
    }

    /** Train on a prepared dataset directory. */
    public static DataConfig ofDataset(Path dir) {
        return new DataConfig(Optional.of(dir), Optional.empty(), PoseSelection.defaults());
    }

    /** Prepare the dataset from these inputs first. */
    public static DataConfig ofPrepare(PrepareConfig prepare) {
        return new DataConfig(Optional.empty(), Optional.of(prepare), PoseSelection.defaults());
    }

    /** The same data with another pose selection. */
    public DataConfig withPoseSelection(PoseSelection selection) {
        return new DataConfig(dataset, prepare, selection);
    }

    /** Placeholder for the loader: {@code data} is required, so this is never used as a value. */
    static DataConfig defaults() {
        return ofDataset(Path.of("dataset"));
    }
}
