package org.multipose.typing;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything about a typing that a trained model depends on: which typer, how radii are chosen, the channel names
 * and radii. Written into datasets and checkpoints; a model used with a different spec is an error naming the field.
 *
 * @param typer                "gnina" or "element"
 * @param radiusMode           ATOM or CHANNEL
 * @param receptorChannels     receptor channel names
 * @param receptorChannelRadii receptor channel radii, Å
 * @param ligandChannels       ligand channel names
 * @param ligandChannelRadii   ligand channel radii, Å
 */
public record TypingSpec(String typer, RadiusMode radiusMode, List<String> receptorChannels,
        float[] receptorChannelRadii, List<String> ligandChannels, float[] ligandChannelRadii) {

    public TypingSpec {
        Objects.requireNonNull(typer, "typer");
        Objects.requireNonNull(radiusMode, "radiusMode");
        receptorChannels = List.copyOf(receptorChannels);
        ligandChannels = List.copyOf(ligandChannels);
        receptorChannelRadii = receptorChannelRadii.clone();
        ligandChannelRadii = ligandChannelRadii.clone();
    }

    /** Total channels, receptor then ligand. */
    public int channelCount() {
        return receptorChannels.size() + ligandChannels.size();
    }

    /** The first field in which {@code other} differs from this spec ("typer: gnina vs element"), if any. */
    public Optional<String> difference(TypingSpec other) {
        if (!typer.equals(other.typer)) {
            return Optional.of("typer: " + typer + " vs " + other.typer);
        }
        if (radiusMode != other.radiusMode) {
            return Optional.of("radius mode: " + radiusMode + " vs " + other.radiusMode);
        }
        if (!receptorChannels.equals(other.receptorChannels)) {
            return Optional.of("receptor channels: " + receptorChannels + " vs " + other.receptorChannels);
        }
        if (!ligandChannels.equals(other.ligandChannels)) {
            return Optional.of("ligand channels: " + ligandChannels + " vs " + other.ligandChannels);
        }
        if (!Arrays.equals(receptorChannelRadii, other.receptorChannelRadii)) {
            return Optional.of("receptor channel radii: " + Arrays.toString(receptorChannelRadii) + " vs "
                    + Arrays.toString(other.receptorChannelRadii));
        }
        if (!Arrays.equals(ligandChannelRadii, other.ligandChannelRadii)) {
            return Optional.of("ligand channel radii: " + Arrays.toString(ligandChannelRadii) + " vs "
                    + Arrays.toString(other.ligandChannelRadii));
        }
        return Optional.empty();
    }
}
