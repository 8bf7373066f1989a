package org.multipose.train.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.multipose.base.InputException;
import org.multipose.config.OutputPaths;

/**
 * A run's directory and what is in it:
 * <pre>
 *   config.yaml        the resolved config (absolute paths; reads back to the same config)
 *   split.csv          split membership (target, compound_id, split)
 *   train.log          what happened, one line per event
 *   dataset/           the prepared dataset, when the config prepares one (data.prepare)
 *   metrics.jsonl      one JSON object per epoch ({@link EpochRecord})          ┐ with an ensemble of n &gt; 1:
 *   checkpoints/       one directory per checkpoint, pointers last and best     ┘ in member-1/ … member-n/
 * </pre>
 */
public final class RunDirectory {

    public static final String CONFIG = "config.yaml";
    public static final String SPLIT = "split.csv";
    public static final String LOG = "train.log";
    public static final String METRICS = "metrics.jsonl";
    public static final String CHECKPOINTS = "checkpoints";
    public static final String DATASET = "dataset";
    /** The claim file: which process created the run (kept; it names the run's owner to a second run). */
    public static final String CLAIM = ".claimed-by";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Path root;

    private RunDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /**
     * A new run directory (created), claimed atomically: the claim file {@value #CLAIM} is created with
     * {@code CREATE_NEW} in an empty directory, so of two runs started with the same name exactly one gets it.
     *
     * @throws InputException when {@code dir} is a file, exists and is not empty, or another run claimed it first
     */
    public static RunDirectory create(Path dir) {
        Path parent = dir.toAbsolutePath().normalize().getParent();
        if (parent != null) {
            OutputPaths.directory(parent, "output.runs_dir");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InputException(dir + " is a file; output.runs_dir/output.name must name a directory");
        }
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try {
                Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                try (var s = Files.list(dir)) {
                    if (s.anyMatch(p -> !p.getFileName().toString().equals(CLAIM)
                            && !p.getFileName().toString().startsWith(".claim-"))) {
                        throw new InputException(dir + ": the run directory exists and is not empty; choose another"
                                + " output.name, or continue it with --resume " + dir);
                    }
                }
            }
            // The claim appears complete or not at all: written under a private name, then hard-linked into
            // place (link(2) fails atomically when the name exists).
            Path mine = Files.createTempFile(dir, ".claim-", ".tmp");
            try {
                Files.writeString(mine, claimText(), StandardCharsets.UTF_8);
                Files.createLink(dir.resolve(CLAIM), mine);
            } finally {
                Files.deleteIfExists(mine);
            }
        } catch (FileAlreadyExistsException e) {
            throw new InputException(dir + ": another run claimed this run directory first (" + readClaim(dir)
                    + "); choose another output.name");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run directory " + dir, e);
        }
        return new RunDirectory(dir);
    }

    /**
     * A new run directory {@code runsDir/name}; when the name was generated (not chosen by the user) and is taken —
     * two runs of one config started within the same second — the next free {@code name-2}, {@code name-3}, ...
     */
    public static RunDirectory create(Path runsDir, String name, boolean generatedName) {
        if (!generatedName) {
            return create(runsDir.resolve(name));
        }
        for (int k = 1; ; k++) {
            Path dir = runsDir.resolve(k == 1 ? name : name + "-" + k);
            if (Files.exists(dir)) {
                continue;
            }
            try {
                return create(dir);
            } catch (InputException taken) {
                if (k >= 100) {
                    throw taken;
                }
            }
        }
    }

    private static String claimText() {
        ProcessHandle self = ProcessHandle.current();
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown host";
        }
        return "process " + self.pid() + " on " + host + " since " + LocalDateTime.now().format(TIME) + "\n";
    }

    private static String readClaim(Path dir) {
        try {
            return Files.readString(dir.resolve(CLAIM), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "claim unreadable: " + e.getMessage();
        }
    }

    /**
     * An existing run directory (for --resume).
     *
     * @throws InputException when it holds no run (no config.yaml)
     */
    public static RunDirectory open(Path dir) {
        if (!Files.isRegularFile(dir.resolve(CONFIG))) {
            throw new InputException(dir + ": not a run directory (no " + CONFIG + "); give a directory made by"
                    + " ./pipeline train");
        }
        return new RunDirectory(dir);
    }

    public Path root() {
        return root;
    }

    public Path config() {
        return root.resolve(CONFIG);
    }

    public Path split() {
        return root.resolve(SPLIT);
    }

    public Path log() {
        return root.resolve(LOG);
    }

    public Path dataset() {
        return root.resolve(DATASET);
    }

    /** Where member {@code m} (1-based) of {@code members} writes: the run root for a single model. */
    public Path member(int m, int members) {
        return members == 1 ? root : root.resolve("member-" + m);
    }

    /** The member's checkpoints directory. */
    public Path checkpoints(int m, int members) {
        return member(m, members).resolve(CHECKPOINTS);
    }

    /** The member's metrics file. */
    public Path metrics(int m, int members) {
        return member(m, members).resolve(METRICS);
    }

    /** Appends a time-stamped line to train.log. */
    public void log(String line) {
        append(log(), "[" + TIME.format(LocalDateTime.now()) + "] " + line + "\n");
    }

    /** Appends one epoch's JSON object to the member's metrics.jsonl. */
    public void appendMetrics(EpochRecord r, int members) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (members > 1) {
            m.put("member", r.member());
        }
        m.put("epoch", r.epoch());
        m.put("lr", r.learningRate());
        m.put("train_loss", finite(r.trainLoss()));
        m.put("val_loss", finite(r.valLoss()));
        for (Map.Entry<String, Double> e : r.valMetrics().entrySet()) {
            m.put("val_" + e.getKey(), finite(e.getValue()));
        }
        m.put("n_train", r.trainCompounds());
        m.put("n_val", r.valCompounds());
        m.put("n_val_censored", r.valCensored());
        m.put("seconds", r.seconds());
        m.put("poses_per_s", r.posesPerSecond());
        m.put("best", r.best());
        try {
            append(metrics(r.member(), members), JSON.writeValueAsString(m) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** JSON has no NaN: undefined values are written as null. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /**
     * Keeps only the lines of the member's metrics.jsonl with epoch ≤ {@code epochs} (a resumed run rewrites the
     * epochs after its checkpoint).
     */
    public void truncateMetrics(int m, int members, int epochs) {
        Path file = metrics(m, members);
        if (!Files.exists(file)) {
            return;
        }
        try {
            List<String> keep = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    continue; // a line cut by a crash
                }
                if (n.path("epoch").asInt(Integer.MAX_VALUE) <= epochs) {
                    keep.add(line);
                }
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, keep, StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite " + file, e);
        }
    }

    private static void append(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
