package org.multipose.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.multipose.base.InputException;
import org.multipose.typing.RadiusMode;
import org.multipose.typing.TypingSpec;

/**
 * File-level metadata of a dataset, written into the schema metadata of every Arrow file so that training can
 * check that a model and a dataset use the same typing. Grid-independent: nothing about resolution or dimension.
 *
 * <p>A dataset written by {@code prepare} stores its whole {@link TypingSpec}: the channel list is the receptor
 * channels followed by the ligand channels (the layout of {@code TypedAtoms.concat}), {@code receptorChannels} says
 * where the ligand ones start, and {@code radiusMode} how atom radii were chosen; {@link #typingSpec()} gives the
 * spec back for comparison with a model's.
 *
 * @param formatVersion    dataset format version ({@link #FORMAT_VERSION} when written by this code)
 * @param typer            name of the atom typer that produced the type indices ("gnina", "element")
 * @param channelNames     channel names; a type index i means channel {@code channelNames.get(i)}
 * @param channelRadii     radius of each channel, Å, same length as channelNames
 * @param radiusMode       the typing's {@link RadiusMode} name ("ATOM", "CHANNEL"), or "" when not recorded
 * @param receptorChannels how many of the channels (the first ones) are receptor channels; 0 when not recorded
 */
public record DatasetMetadata(int formatVersion, String typer, List<String> channelNames, List<Double> channelRadii,
        String radiusMode, int receptorChannels) {

    /** The format this code writes and reads. */
    public static final int FORMAT_VERSION = 1;

    static final String KEY_FORMAT = "multipose.format_version";
    static final String KEY_TYPER = "multipose.typer";
    static final String KEY_CHANNELS = "multipose.channel_names";
    static final String KEY_RADII = "multipose.channel_radii";
    static final String KEY_RADIUS_MODE = "multipose.radius_mode";
    static final String KEY_RECEPTOR_CHANNELS = "multipose.receptor_channels";

    private static final ObjectMapper JSON = new ObjectMapper();

    public DatasetMetadata {
        Objects.requireNonNull(typer, "typer");
        Objects.requireNonNull(radiusMode, "radiusMode");
        channelNames = List.copyOf(channelNames);
        channelRadii = List.copyOf(channelRadii);
        if (channelNames.size() != channelRadii.size()) {
            throw new IllegalArgumentException(channelNames.size() + " channel names but " + channelRadii.size()
                    + " radii");
        }
        if (channelNames.size() > Short.MAX_VALUE) {
            throw new IllegalArgumentException("too many channels for int16 type indices: " + channelNames.size());
        }
        if (receptorChannels < 0 || receptorChannels > channelNames.size()) {
            throw new IllegalArgumentException("receptorChannels " + receptorChannels + " outside 0.."
                    + channelNames.size());
        }
        if (!radiusMode.isEmpty()) {
            RadiusMode.valueOf(radiusMode);
        }
    }

    /** Metadata without a recorded radius mode or receptor/ligand split (not written by prepare). */
    public DatasetMetadata(int formatVersion, String typer, List<String> channelNames, List<Double> channelRadii) {
        this(formatVersion, typer, channelNames, channelRadii, "", 0);
    }

    /** Metadata in the current format, without a recorded radius mode or receptor/ligand split. */
    public static DatasetMetadata of(String typer, List<String> channelNames, List<Double> channelRadii) {
        return new DatasetMetadata(FORMAT_VERSION, typer, channelNames, channelRadii);
    }

    /**
     * The metadata of a dataset typed with {@code spec}: receptor channels, then ligand channels. Radii are stored
     * as the shortest decimal of each float radius (1.8, not 1.7999999523), and read back to the same floats.
     */
    public static DatasetMetadata of(TypingSpec spec) {
        List<String> names = new ArrayList<>(spec.receptorChannels());
        names.addAll(spec.ligandChannels());
        List<Double> radii = new ArrayList<>();
        for (float r : spec.receptorChannelRadii()) {
            radii.add(Double.parseDouble(Float.toString(r)));
        }
        for (float r : spec.ligandChannelRadii()) {
            radii.add(Double.parseDouble(Float.toString(r)));
        }
        return new DatasetMetadata(FORMAT_VERSION, spec.typer(), names, radii, spec.radiusMode().name(),
                spec.receptorChannels().size());
    }

    /**
     * The typing spec this dataset was prepared with, to compare with a model's ({@link TypingSpec#difference});
     * empty for a dataset whose metadata does not record it.
     */
    public Optional<TypingSpec> typingSpec() {
        if (radiusMode.isEmpty()) {
            return Optional.empty();
        }
        int r = receptorChannels;
        int n = channelNames.size();
        return Optional.of(new TypingSpec(typer, RadiusMode.valueOf(radiusMode), channelNames.subList(0, r),
                floats(channelRadii.subList(0, r)), channelNames.subList(r, n), floats(channelRadii.subList(r, n))));
    }

    private static float[] floats(List<Double> xs) {
        float[] f = new float[xs.size()];
        for (int i = 0; i < f.length; i++) {
            // Double.toString of a radius stored by of(TypingSpec) is the float's own shortest decimal.
            f[i] = Float.parseFloat(Double.toString(xs.get(i)));
        }
        return f;
    }

    /** As Arrow schema metadata (string → string; lists as JSON arrays), with extra entries, in sorted key order. */
    Map<String, String> toSchemaMetadata(Map<String, String> extra) {
        Map<String, String> m = new TreeMap<>(extra);
        m.put(KEY_FORMAT, Integer.toString(formatVersion));
        m.put(KEY_TYPER, typer);
        try {
            m.put(KEY_CHANNELS, JSON.writeValueAsString(channelNames));
            m.put(KEY_RADII, JSON.writeValueAsString(channelRadii));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (!radiusMode.isEmpty()) {
            m.put(KEY_RADIUS_MODE, radiusMode);
            m.put(KEY_RECEPTOR_CHANNELS, Integer.toString(receptorChannels));
        }
        return m;
    }

    /** Reads the metadata written by {@link #toSchemaMetadata}; a missing or unsupported version is an input error. */
    static DatasetMetadata fromSchemaMetadata(Map<String, String> m, String file) {
        String v = m == null ? null : m.get(KEY_FORMAT);
        if (v == null) {
            throw new InputException(file + ": no " + KEY_FORMAT + " in the schema metadata; not a multipose dataset"
                    + " file (create datasets with ./pipeline prepare)");
        }
        int version;
        try {
            version = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new InputException(file + ": " + KEY_FORMAT + " is '" + v + "', not a number");
        }
        if (version != FORMAT_VERSION) {
            throw new InputException(file + ": dataset format version " + version + ", this multipose reads version "
                    + FORMAT_VERSION + "; re-run ./pipeline prepare");
        }
        try {
            List<String> names = JSON.readValue(m.getOrDefault(KEY_CHANNELS, "[]"), new TypeReference<>() {});
            List<Double> radii = JSON.readValue(m.getOrDefault(KEY_RADII, "[]"), new TypeReference<>() {});
            String mode = m.getOrDefault(KEY_RADIUS_MODE, "").toUpperCase(Locale.ROOT);
            int receptorChannels = Integer.parseInt(m.getOrDefault(KEY_RECEPTOR_CHANNELS, "0"));
            return new DatasetMetadata(version, m.getOrDefault(KEY_TYPER, ""), names, radii, mode, receptorChannels);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InputException(file + ": malformed channel metadata (" + e.getMessage() + ")", e);
        }
    }
}
