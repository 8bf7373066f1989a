package org.multipose.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.multipose.config.InputException;

/**
 * File-level metadata of a dataset, written into the schema metadata of every Arrow file so that training can
 * check that a model and a dataset use the same typing. Grid-independent: nothing about resolution or dimension.
 *
 * @param formatVersion dataset format version ({@link #FORMAT_VERSION} when written by this code)
 * @param typer         name of the atom typer that produced the type indices (e.g. "gnina-28")
 * @param channelNames  channel names; a type index i means channel {@code channelNames.get(i)}
 * @param channelRadii  radius of each channel, Å, same length as channelNames
 */
public record DatasetMetadata(int formatVersion, String typer, List<String> channelNames, List<Double> channelRadii) {

    /** The format this code writes and reads. */
    public static final int FORMAT_VERSION = 1;

    static final String KEY_FORMAT = "multipose.format_version";
    static final String KEY_TYPER = "multipose.typer";
    static final String KEY_CHANNELS = "multipose.channel_names";
    static final String KEY_RADII = "multipose.channel_radii";

    private static final ObjectMapper JSON = new ObjectMapper();

    public DatasetMetadata {
        Objects.requireNonNull(typer, "typer");
        channelNames = List.copyOf(channelNames);
        channelRadii = List.copyOf(channelRadii);
        if (channelNames.size() != channelRadii.size()) {
            throw new IllegalArgumentException(channelNames.size() + " channel names but " + channelRadii.size()
                    + " radii");
        }
        if (channelNames.size() > Short.MAX_VALUE) {
            throw new IllegalArgumentException("too many channels for int16 type indices: " + channelNames.size());
        }
    }

    /** Metadata in the current format. */
    public static DatasetMetadata of(String typer, List<String> channelNames, List<Double> channelRadii) {
        return new DatasetMetadata(FORMAT_VERSION, typer, channelNames, channelRadii);
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
            return new DatasetMetadata(version, m.getOrDefault(KEY_TYPER, ""), names, radii);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InputException(file + ": malformed channel metadata (" + e.getMessage() + ")", e);
        }
    }
}
