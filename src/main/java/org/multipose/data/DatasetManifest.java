package org.multipose.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.multipose.base.InputException;

/**
 * The parts of a partitioned dataset ({@value DatasetSchema#MANIFEST_FILE}): a dataset written by several writers
 * at once — one per partition of a distributed prepare — keeps its compound and pose tables as one pair of Arrow
 * files per part, in key order (every key of part k sorts before every key of part k+1, and a compound is never
 * split across parts), plus the usual {@code receptors.arrow}, {@code rejects.csv} and {@code summary.json}.
 * {@link Dataset} reads both layouts alike; a directory without a manifest has the one-file layout.
 *
 * @param parts the parts in key order
 */
public record DatasetManifest(List<Part> parts) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One part: its two files (paths relative to the dataset directory) and what they hold.
     *
     * @param compounds the part's compound table; its {@code pose_batch} counts the part's own pose batches
     * @param poses     the part's pose table
     * @param nCompounds compounds in the part
     * @param nPoses     poses in the part
     */
    public record Part(String compounds, String poses, int nCompounds, long nPoses) {
        public Part {
            Objects.requireNonNull(compounds, "compounds");
            Objects.requireNonNull(poses, "poses");
        }
    }

    public DatasetManifest {
        parts = List.copyOf(parts);
    }

    /** The manifest of {@code dir}, or empty when the dataset has the one-file layout. */
    public static Optional<DatasetManifest> read(Path dir) {
        Path f = dir.resolve(DatasetSchema.MANIFEST_FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            JsonNode root = JSON.readTree(f.toFile());
            List<Part> parts = new ArrayList<>();
            for (JsonNode p : root.path("parts")) {
                if (!p.path("compounds").isTextual() || !p.path("poses").isTextual()) {
                    throw new InputException(f + ": a part without 'compounds' and 'poses' files; re-run prepare");
                }
                parts.add(new Part(p.get("compounds").asText(), p.get("poses").asText(),
                        p.path("n_compounds").asInt(), p.path("n_poses").asLong()));
            }
            if (parts.isEmpty()) {
                throw new InputException(f + ": lists no parts; re-run prepare");
            }
            return Optional.of(new DatasetManifest(parts));
        } catch (IOException e) {
            throw new InputException(f + ": unreadable manifest (" + e.getMessage() + "); re-run prepare", e);
        }
    }

    /** Writes the manifest into {@code file}. */
    void write(Path file) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format_version", DatasetMetadata.FORMAT_VERSION);
        ArrayNode arr = root.putArray("parts");
        for (Part p : parts) {
            arr.addObject().put("compounds", p.compounds()).put("poses", p.poses())
                    .put("n_compounds", p.nCompounds()).put("n_poses", p.nPoses());
        }
        try {
            Files.writeString(file, JSON.writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * The Arrow files of the dataset in {@code dir} in fingerprint order: compound tables, pose tables, receptors
     * ({@link DatasetSchema#ARROW_FILES} for the one-file layout).
     */
    static List<String> arrowFiles(Path dir) {
        Optional<DatasetManifest> m = read(dir);
        if (m.isEmpty()) {
            return DatasetSchema.ARROW_FILES;
        }
        List<String> out = new ArrayList<>();
        for (Part p : m.get().parts()) {
            out.add(p.compounds());
        }
        for (Part p : m.get().parts()) {
            out.add(p.poses());
        }
        out.add(DatasetSchema.RECEPTORS_FILE);
        return out;
    }
}
