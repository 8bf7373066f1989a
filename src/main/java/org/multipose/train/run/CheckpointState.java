package org.multipose.train.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.multipose.config.GridSpec;
import org.multipose.data.DatasetMetadata;
import org.multipose.train.optim.SavedState;

/**
 * The scalar part of a checkpoint ({@code checkpoint.json}): where training stands, every evolving state besides the
 * weights and the optimizer's slot arrays, and what the run depends on (dataset, split, model, grid, typing, seeds,
 * versions), so a checkpoint describes itself and a resumed run continues exactly.
 *
 * @param format         checkpoint format version ({@link #FORMAT})
 * @param member         ensemble member, 1-based
 * @param members        ensemble size
 * @param epoch          completed epochs
 * @param position       training compounds already done in epoch {@code epoch + 1} (0 at an epoch boundary; always a
 *                       batch boundary)
 * @param finished       true when this member's training ended (all epochs, or stopped early)
 * @param stopReason     why it ended ("" while running)
 * @param optimizerSteps optimizer updates so far
 * @param trainLossSum   sum of the compound losses so far in the running epoch
 * @param trainCompounds compounds so far in the running epoch
 * @param trainPoses     poses so far in the running epoch
 * @param epochSeconds   wall time so far in the running epoch
 * @param bestEpoch      epoch with the lowest monitored loss (0 when none yet)
 * @param bestLoss       that loss (+∞ when none yet)
 * @param schedule       the learning-rate schedule's state
 * @param stopping       the early-stopping rule's state (kind "none" without a rule)
 * @param optimizer      the optimizer's scalars (kind, step count, hyperparameters); its slots are in
 *                       {@link Checkpoint#OPTIMIZER}
 * @param seeds          the seeds and how every random stream derives from them
 * @param dataset        the dataset trained on
 * @param modelSpec      {@code ModelSpec.encode()} of the network
 * @param grid           the grid spec and center rule (ARCHITECTURE.md: written into every checkpoint)
 * @param typing         the dataset's typing
 * @param threads        the thread count (identical weights need the same count)
 * @param versions       multipose and library versions
 * @param written        when it was written (ISO-8601 instant)
 */
public record CheckpointState(
        int format,
        int member,
        int members,
        int epoch,
        int position,
        boolean finished,
        String stopReason,
        long optimizerSteps,
        double trainLossSum,
        int trainCompounds,
        long trainPoses,
        double epochSeconds,
        int bestEpoch,
        double bestLoss,
        SavedState schedule,
        SavedState stopping,
        SavedState optimizer,
        SeedInfo seeds,
        DatasetInfo dataset,
        String modelSpec,
        GridSpec grid,
        TypingInfo typing,
        int threads,
        Map<String, String> versions,
        String written) {

    /** The format written by this code. */
    public static final int FORMAT = 1;

    public CheckpointState {
        Objects.requireNonNull(stopReason, "stopReason");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(stopping, "stopping");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(seeds, "seeds");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(modelSpec, "modelSpec");
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(typing, "typing");
        // insertion order kept (a LinkedHashMap from LibraryVersions or from the JSON), so a checkpoint written
        // back is the same text
        versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
    }

    /**
     * The seeds of a member and their derivation ({@link Seeds#derive}).
     *
     * @param run        the run seed ({@code seed})
     * @param member     this member's seed
     * @param split      the split's seed
     * @param derivation how each stream derives, in words
     */
    public record SeedInfo(long run, long member, long split, String derivation) {
        /** The derivation every run uses. */
        public static final String DERIVATION = "member = derive(run, \"member\", m); init = derive(member, \"init\");"
                + " shuffle of epoch e = derive(member, \"shuffle\", e); augmentation of pose p of training compound c"
                + " (index in key order) in epoch e = derive(member, \"augment\", e, c, p); e, c, p 0-based";
    }

    /**
     * The dataset a checkpoint was trained on.
     *
     * @param directory   its directory
     * @param fingerprint {@code DatasetFingerprint} of its Arrow files
     * @param train       training compounds (labelled, in the train split)
     * @param val         validation compounds
     * @param test        test compounds
     */
    public record DatasetInfo(String directory, String fingerprint, int train, int val, int test) {}

    /**
     * The typing of the dataset trained on.
     *
     * @param typer            typer name
     * @param channelNames     channel names (receptor then ligand)
     * @param channelRadii     channel radii, Å
     * @param radiusMode       ATOM or CHANNEL, "" when the dataset does not record it
     * @param receptorChannels receptor channels among them, 0 when not recorded
     */
    public record TypingInfo(String typer, List<String> channelNames, List<Double> channelRadii, String radiusMode,
            int receptorChannels) {
        public TypingInfo {
            Objects.requireNonNull(typer, "typer");
            Objects.requireNonNull(radiusMode, "radiusMode");
            channelNames = List.copyOf(channelNames);
            channelRadii = List.copyOf(channelRadii);
        }

        /** The typing recorded in a dataset's metadata. */
        public static TypingInfo of(DatasetMetadata m) {
            return new TypingInfo(m.typer(), m.channelNames(), m.channelRadii(), m.radiusMode(), m.receptorChannels());
        }

        /** The fields in which {@code other} differs, each as "field: this vs other" (empty when equal). */
        public List<String> differences(TypingInfo other) {
            List<String> out = new ArrayList<>();
            if (!typer.equals(other.typer)) {
                out.add("typer: " + typer + " vs " + other.typer);
            }
            if (!channelNames.equals(other.channelNames)) {
                out.add("channel names: " + channelNames + " vs " + other.channelNames);
            }
            if (!channelRadii.equals(other.channelRadii)) {
                out.add("channel radii: " + channelRadii + " vs " + other.channelRadii);
            }
            if (!radiusMode.isEmpty() && !other.radiusMode.isEmpty() && !radiusMode.equals(other.radiusMode)) {
                out.add("radius mode: " + radiusMode + " vs " + other.radiusMode);
            }
            if (receptorChannels > 0 && other.receptorChannels > 0 && receptorChannels != other.receptorChannels) {
                out.add("receptor channels: " + receptorChannels + " vs " + other.receptorChannels);
            }
            return out;
        }
    }
}
