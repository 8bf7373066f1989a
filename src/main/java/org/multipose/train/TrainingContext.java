package org.multipose.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.multipose.base.InputException;
import org.multipose.combination.Readout;
import org.multipose.config.ConfigLoader;
import org.multipose.config.GridSpec;
import org.multipose.config.ScheduleConfig;
import org.multipose.config.TrainingConfig;
import org.multipose.data.AffinityLabel;
import org.multipose.data.CompoundKey;
import org.multipose.data.CompoundRecord;
import org.multipose.data.Dataset;
import org.multipose.data.PoseRecord;
import org.multipose.data.Split;
import org.multipose.data.SplitAssignment;
import org.multipose.model.ModelSpec;
import org.multipose.train.loss.CompoundTarget;
import org.multipose.train.loss.LabelReadouts;
import org.multipose.train.loss.LossTerm;
import org.multipose.train.run.CheckpointState;
import org.multipose.train.run.RunDirectory;

/**
 * What the members of a run share, built once from the config and the open dataset: the networks' specs, the loss,
 * the label readouts, the split (assigned and written for a new run, read back for a resumed one) and the facts a
 * checkpoint records (dataset fingerprint, typing, grid, the run's config text, thread counts). Building it checks
 * the data against the config (labels present, σ for gaussian_nll, RMSD tags for pose losses, a receptor per target)
 * and refuses with a message naming the key or the record.
 *
 * @param train training compounds in split order; {@code val} likewise
 */
record TrainingContext(TrainingConfig config, Path datasetDir, Dataset dataset, List<ModelSpec> models, LossTerm loss,
        Optional<String> rmsdTag, LabelReadouts readouts, SplitAssignment split, List<CompoundKey> train,
        List<CompoundKey> val, String fingerprint, CheckpointState.TypingInfo typing, String configYaml,
        EngineThreads.Counts threads) {

    /** Member {@code m}'s network (1-based). */
    ModelSpec model(int m) {
        return models.get(m - 1);
    }

    GridSpec grid() {
        return config.grid();
    }

    /** The compound's readout and label on its scale (RMSDs from its poses when a pose loss needs them). */
    CompoundTarget target(CompoundRecord c, Readout r, List<PoseRecord> poses) {
        return readouts.target(c.label().orElseThrow(), r, poses, rmsdTag);
    }

    /**
     * Builds the context of a new run ({@code resume} false: assigns and writes the split, writes the config) or of
     * a resumed one (reads them back).
     *
     * @param message where notes go (the run log and the listener)
     * @throws InputException when the data cannot train this config
     */
    static TrainingContext create(TrainingConfig config, Path datasetDir, RunDirectory run, boolean resume,
            Dataset dataset, EngineThreads.Counts threads, Consumer<String> message) {
        int channels = dataset.metadata().channelNames().size();
        if (config.model().pretrained().isPresent()) {
            PretrainedStart.requireTyping(dataset.metadata(), datasetDir, config.model().pretrained().get());
            if (config.grid().center() != GridSpec.Center.LIGAND && !resume) {
                message.accept("note: grid.center is " + config.grid().center().name().toLowerCase(Locale.ROOT)
                        + "; gnina's networks were trained on grids centred on each pose's own ligand (grid.center:"
                        + " ligand), and they are not translation invariant: on plb-vina a compound-centred frame"
                        + " moved the zero-shot pK of a pose by 0.16 on average (docs/guide/training.md,"
                        + " \"Fine-tuning gnina's pretrained models\")");
            }
        }
        List<ModelSpec> models = new ArrayList<>();
        for (int m = 1; m <= config.training().ensemble(); m++) {
            models.add(TrainingComponents.model(config, m, channels));
        }
        LossTerm loss = TrainingComponents.loss(config.loss());
        Optional<String> rmsdTag = TrainingComponents.rmsdTag(config.loss());
        LabelReadouts readouts = new LabelReadouts(config.readout());
        if (config.schedule().kind() == ScheduleConfig.Kind.PLATEAU && config.training().evalEvery() > 1) {
            message.accept("note: reduce-on-plateau steps only on epochs with a validation pass (every "
                    + config.training().evalEvery() + " epochs)");
        }
        List<CompoundRecord> labelled = new ArrayList<>();
        Set<CompoundKey> unscored = new HashSet<>();
        for (CompoundRecord c : dataset.compounds()) {
            if (c.hasLabel()) {
                labelled.add(c);
            } else {
                unscored.add(c.key());
            }
        }
        unscored.addAll(dataset.compoundsWithoutSelectedPoses()); // a manual split file may name them
        int unlabelled = dataset.compounds().size() - labelled.size();
        if (labelled.isEmpty()) {
            throw new InputException(datasetDir + ": no compound has a label; training needs labelled compounds"
                    + " (check the affinity table's ids against the pose titles)");
        }
        SplitAssignment split;
        if (resume) {
            split = SplitAssignment.read(run.split(), labelled.stream().map(CompoundRecord::key).toList());
        } else {
            split = RunSplit.assign(config.split(), config.splitSeed(), labelled, unscored);
            split.write(run.split());
        }
        List<CompoundKey> train = split.members(Split.TRAIN);
        List<CompoundKey> val = split.members(Split.VAL);
        if (train.isEmpty()) {
            throw new InputException("split: no training compounds (" + split.counts() + "); check split.fractions"
                    + " and the split method");
        }
        List<CompoundKey> checked = new ArrayList<>(train);
        checked.addAll(val);
        if (TrainingComponents.needs(config.loss()).sigma()) {
            requireSigma(dataset, checked);
        }
        if (rmsdTag.isPresent()) {
            requireRmsd(dataset, checked, rmsdTag.get(), String.join(", ",
                    TrainingComponents.rmsdTerms(config.loss())));
        }
        for (String target : dataset.targets()) {
            if (dataset.receptor(target).isEmpty()) {
                throw new InputException(datasetDir + ": no receptor for target '" + target
                        + "'; re-run prepare with a receptor for it");
            }
        }
        if (!resume) {
            try {
                ConfigLoader.write(config, run.config());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + run.config(), e);
            }
            if (unlabelled > 0) {
                message.accept(unlabelled + " unlabelled compounds are not used for training");
            }
        }
        String yaml;
        try {
            yaml = Files.readString(run.config(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + run.config(), e);
        }
        return new TrainingContext(config, datasetDir, dataset, models, loss, rmsdTag, readouts, split, train, val,
                dataset.verifiedFingerprint(), CheckpointState.TypingInfo.of(dataset.metadata()), yaml, threads);
    }

    private static void requireSigma(Dataset dataset, List<CompoundKey> keys) {
        int missing = 0;
        CompoundKey first = null;
        for (CompoundKey k : keys) {
            AffinityLabel l = dataset.compound(k).orElseThrow().label().orElseThrow();
            if (l.sigmaPk().isEmpty()) {
                missing++;
                first = first == null ? k : first;
            }
        }
        if (missing > 0) {
            throw new InputException("loss gaussian_nll: " + missing + " of " + keys.size() + " train/val labels have"
                    + " no σ (e.g. " + first + "); give the affinity table stderr or CI columns, or use mse /"
                    + " censored_mse instead");
        }
    }

    private static void requireRmsd(Dataset dataset, List<CompoundKey> keys, String tag, String terms) {
        for (CompoundKey k : keys) {
            for (PoseRecord p : dataset.poses(k)) {
                if (!p.scores().containsKey(tag)) {
                    throw new InputException(terms + " needs the pose score '" + tag
                            + "' (loss[].rmsd_tag), but pose " + p.poseIndex() + " of " + k + " (" + p.sourceFile()
                            + ", record " + p.sourceRecord() + ") has only " + p.scores().keySet() + "; set"
                            + " rmsd_tag to the SD tag holding each pose's RMSD, or drop the pose losses");
                }
            }
        }
    }
}
