package org.multipose.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;
import org.multipose.base.Reject;

/**
 * What {@code summary.json} says about a dataset: counts in (as reported by the stage that read the inputs), out
 * (compounds, poses, labels) and rejected (by reason category), poses per compound, label statistics, typing and
 * the content fingerprint. No timestamps, keys in a fixed order: the same inputs give the same file.
 *
 * @param fingerprint      {@link DatasetFingerprint} of the Arrow files
 * @param metadata         typing metadata
 * @param stats            counts and label statistics of the compound table
 * @param receptors        receptor rows (targets with a receptor)
 * @param inputCounts      what the producing stage read, e.g. "affinity_rows" → 99, "pose_records" → 891
 * @param rejectsByReason  reject reason category (text before the first ':') → count
 * @param fileBytes        Arrow file name → size in bytes
 * @param poseSelection    the pose selection prepare applied and what it kept (poses left out are counted there, not
 *                         rejected)
 */
public record DatasetSummary(
        String fingerprint,
        DatasetMetadata metadata,
        DatasetStats stats,
        int receptors,
        SortedMap<String, Long> inputCounts,
        SortedMap<String, Integer> rejectsByReason,
        SortedMap<String, Long> fileBytes,
        PoseSelectionCounts poseSelection) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public DatasetSummary {
        inputCounts = Collections.unmodifiableSortedMap(new TreeMap<>(inputCounts));
        rejectsByReason = Collections.unmodifiableSortedMap(new TreeMap<>(rejectsByReason));
        fileBytes = Collections.unmodifiableSortedMap(new TreeMap<>(fileBytes));
        Objects.requireNonNull(poseSelection, "poseSelection");
    }

    /** Total rejects. */
    public int rejects() {
        int n = 0;
        for (int c : rejectsByReason.values()) {
            n += c;
        }
        return n;
    }

    /** The category of a reject: its reason up to the first ':' ("σ above limit"), or the whole reason. */
    public static String category(Reject r) {
        int i = r.reason().indexOf(':');
        return (i < 0 ? r.reason() : r.reason().substring(0, i)).trim();
    }

    /** Counts rejects by {@link #category}. */
    public static SortedMap<String, Integer> countByCategory(List<Reject> rejects) {
        SortedMap<String, Integer> m = new TreeMap<>();
        for (Reject r : rejects) {
            m.merge(category(r), 1, Integer::sum);
        }
        return m;
    }

    /** The JSON document written to summary.json. */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format_version", metadata.formatVersion());
        root.put("fingerprint", fingerprint);
        ObjectNode files = root.putObject("files");
        fileBytes.forEach((k, v) -> files.putObject(k).put("bytes", v));
        ObjectNode typing = root.putObject("typing");
        typing.put("typer", metadata.typer());
        if (!metadata.radiusMode().isEmpty()) {
            typing.put("radius_mode", metadata.radiusMode());
            typing.put("receptor_channels", metadata.receptorChannels());
        }
        ArrayNode channels = typing.putArray("channels");
        for (int i = 0; i < metadata.channelNames().size(); i++) {
            channels.addObject().put("index", i).put("name", metadata.channelNames().get(i))
                    .put("radius", metadata.channelRadii().get(i));
        }
        ObjectNode counts = root.putObject("counts");
        ObjectNode in = counts.putObject("in");
        inputCounts.forEach(in::put);
        ObjectNode out = counts.putObject("out");
        out.put("targets", stats.targets());
        out.put("receptors", receptors);
        out.put("compounds", stats.compounds());
        out.put("poses", stats.poses());
        out.put("labelled", stats.labelled());
        out.put("unlabelled", stats.unlabelled());
        out.put("censored", stats.censored());
        ObjectNode rejected = counts.putObject("rejected");
        rejected.put("total", rejects());
        ObjectNode byReason = rejected.putObject("by_reason");
        rejectsByReason.forEach(byReason::put);
        ObjectNode sel = root.putObject("pose_selection");
        sel.put("rule", poseSelection.selection().describe());
        sel.put("compounds_in", poseSelection.compoundsIn());
        sel.put("compounds_kept", poseSelection.compoundsKept());
        sel.put("poses_in", poseSelection.posesIn());
        sel.put("poses_kept", poseSelection.posesKept());
        sel.put("left_out_by_filter", poseSelection.failedFilter());
        sel.put("left_out_without_score", poseSelection.missingScore());
        sel.put("left_out_beyond_top", poseSelection.beyondTop());
        ObjectNode ppc = root.putObject("poses_per_compound");
        ObjectNode hist = ppc.putObject("histogram");
        stats.posesPerCompound().forEach((k, v) -> hist.put(Integer.toString(k), v));
        ObjectNode labels = root.putObject("labels");
        labels.put("labelled", stats.labelled());
        labels.put("censored", stats.censored());
        labels.put("with_sigma", stats.withSigma());
        ObjectNode byMeasure = labels.putObject("by_measure");
        stats.labelsByMeasure().forEach(byMeasure::put);
        ObjectNode pk = labels.putObject("exact_pk");
        put(pk, "min", stats.exactPkMin());
        put(pk, "max", stats.exactPkMax());
        put(pk, "mean", stats.exactPkMean());
        put(pk, "sd", stats.exactPkSd());
        ObjectNode targets = root.putObject("targets");
        stats.perTarget().forEach((t, c) -> targets.putObject(t).put("compounds", c.compounds())
                .put("poses", c.poses()).put("labelled", c.labelled()));
        return root;
    }

    private static void put(ObjectNode n, String k, OptionalDouble v) {
        if (v.isPresent()) {
            n.put(k, v.getAsDouble());
        } else {
            n.putNull(k);
        }
    }

    /** Writes {@link #toJson()} (UTF-8, indented, trailing newline). */
    public void write(Path file) {
        try {
            Files.writeString(file, JSON.writeValueAsString(toJson()) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
