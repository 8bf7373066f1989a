package org.multipose.train.run;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.multipose.base.InputException;
import org.multipose.config.GridSpec;
import org.multipose.data.SplitAssignment;
import org.multipose.model.ModelSpec;
import org.multipose.model.NamedTensors;
import org.multipose.model.PoseModel;
import org.multipose.model.TensorFile;
import org.multipose.train.optim.Optimizer;
import org.multipose.train.optim.OptimizerState;

/**
 * A self-describing checkpoint: one directory under a member's {@code checkpoints/} holding
 * <ul>
 *   <li>{@value #STATE} — {@link CheckpointState}: epoch and position, schedule, stopping and optimizer scalars, best
 *       epoch, seeds, dataset fingerprint, split counts, model / grid / typing specs, thread count, versions;</li>
 *   <li>{@value #WEIGHTS} — the model's weights with its spec ({@link PoseModel#saveWeights});</li>
 *   <li>{@value #OPTIMIZER} — the optimizer's slot arrays (momentum, moments) as a {@link TensorFile};</li>
 *   <li>{@value #CONFIG} — the run's resolved config; {@value #SPLIT} — its split membership.</li>
 * </ul>
 * It is written into a temporary directory next to its final place ({@code .tmp-<name>-<digits>}) and renamed there
 * in one step, so a reader (or a run killed mid-write) never sees half a checkpoint; a resumed run deletes what a
 * killed write left ({@link #removeUnfinishedWrites}). Pointers {@code last} and {@code best} are symbolic links to a
 * checkpoint directory, replaced atomically by renaming a new link over the old one.
 */
public final class Checkpoint {

    /** The state file. */
    public static final String STATE = "checkpoint.json";
    /** The weights file. */
    public static final String WEIGHTS = "weights.mpt";
    /** The optimizer slots file. */
    public static final String OPTIMIZER = "optimizer.mpt";
    /** The resolved config. */
    public static final String CONFIG = "config.yaml";
    /** The split membership. */
    public static final String SPLIT = "split.csv";
    /** {@link TensorFile} kind of {@value #OPTIMIZER}. */
    public static final String OPTIMIZER_KIND = "multipose-optimizer-state";
    /** Pointer to the newest checkpoint. */
    public static final String LAST = "last";
    /** Pointer to the checkpoint of the best epoch. */
    public static final String BEST = "best";
    /** Start of the name of the temporary directory {@link #write} fills before renaming it into place. */
    static final String TEMP_PREFIX = ".tmp-";
    /** A temporary directory's whole name: the prefix, the checkpoint's name, '-' and the random number. */
    private static final Pattern TEMP_NAME = Pattern.compile(Pattern.quote(TEMP_PREFIX) + ".+-[0-9]+");

    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .registerModule(gridCenterSpelling());

    /**
     * The grid's center rule as checkpoints have always spelled it: lower case ("compound", "ligand", "fixed"), as
     * in the config.
     */
    private static SimpleModule gridCenterSpelling() {
        SimpleModule m = new SimpleModule("grid-center");
        m.addSerializer(GridSpec.Center.class, new JsonSerializer<>() {
            @Override
            public void serialize(GridSpec.Center c, JsonGenerator gen, SerializerProvider p) throws IOException {
                gen.writeString(c.name().toLowerCase(Locale.ROOT));
            }
        });
        m.addDeserializer(GridSpec.Center.class, new JsonDeserializer<>() {
            @Override
            public GridSpec.Center deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                String text = p.getValueAsString();
                for (GridSpec.Center c : GridSpec.Center.values()) {
                    if (c.name().equalsIgnoreCase(text)) {
                        return c;
                    }
                }
                return (GridSpec.Center) ctx.handleWeirdStringValue(GridSpec.Center.class, text,
                        "grid center must be compound, ligand or fixed");
            }
        });
        return m;
    }

    private final Path directory;
    private final CheckpointState state;

    private Checkpoint(Path directory, CheckpointState state) {
        this.directory = directory;
        this.state = state;
    }

    public Path directory() {
        return directory;
    }

    public CheckpointState state() {
        return state;
    }

    /**
     * Writes a checkpoint named {@code name} into {@code checkpoints} (atomically; an existing one of that name is
     * replaced).
     */
    public static Checkpoint write(Path checkpoints, String name, CheckpointState state, PoseModel model,
            Optimizer optimizer, String configYaml, SplitAssignment split) {
        try {
            Files.createDirectories(checkpoints);
            // createTempDirectory appends a random unsigned number: the name TEMP_NAME matches
            Path tmp = Files.createTempDirectory(checkpoints, TEMP_PREFIX + name + "-");
            try {
                Files.writeString(tmp.resolve(STATE), JSON.writeValueAsString(state), StandardCharsets.UTF_8);
                model.saveWeights(tmp.resolve(WEIGHTS));
                OptimizerState os = optimizer.saveState();
                TensorFile.write(tmp.resolve(OPTIMIZER), OPTIMIZER_KIND, os.scalars().kind(), os.slots());
                Files.writeString(tmp.resolve(CONFIG), configYaml, StandardCharsets.UTF_8);
                split.write(tmp.resolve(SPLIT));
                Path target = checkpoints.resolve(name);
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    deleteTree(target);
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                return new Checkpoint(target, state);
            } finally {
                if (Files.exists(tmp)) {
                    deleteTree(tmp);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + checkpoints.resolve(name) + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Reads the checkpoint in {@code dir} (a checkpoint directory or a pointer to one).
     *
     * @throws InputException when it is missing or unreadable, naming the file
     */
    public static Checkpoint read(Path dir) {
        Path file = dir.resolve(STATE);
        if (!Files.isRegularFile(file)) {
            throw new InputException(dir + ": not a checkpoint (no " + STATE + "); give a directory under a run's"
                    + " checkpoints/");
        }
        try {
            CheckpointState s = JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), CheckpointState.class);
            if (s.format() != CheckpointState.FORMAT) {
                throw new InputException(file + ": checkpoint format " + s.format() + ", this multipose reads "
                        + CheckpointState.FORMAT);
            }
            return new Checkpoint(dir.toRealPath(), s);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read the checkpoint state (" + e.getMessage() + ")", e);
        }
    }

    /** Loads the weights into {@code model} (its spec must match the checkpoint's). */
    public void loadWeights(PoseModel model) {
        model.loadWeights(directory.resolve(WEIGHTS));
    }

    /**
     * A float32 model of this checkpoint's own spec with its weights (the caller closes it).
     *
     * @throws InputException when the spec or the weights file is bad
     */
    public PoseModel model() {
        PoseModel model = PoseModel.create(ModelSpec.decode(state.modelSpec(), directory.toString()), 0);
        try {
            loadWeights(model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    /** The optimizer's saved state (scalars from {@value #STATE}, slots from {@value #OPTIMIZER}). */
    public OptimizerState optimizerState() {
        Path file = directory.resolve(OPTIMIZER);
        TensorFile.Contents c = TensorFile.read(file).requireKind(OPTIMIZER_KIND, file.toString());
        NamedTensors slots = c.tensors();
        return new OptimizerState(state.optimizer(), slots);
    }

    /** Points {@code checkpoints/<pointer>} at the checkpoint {@code name} (a relative symbolic link, atomically). */
    public static void point(Path checkpoints, String pointer, String name) {
        try {
            Path tmp = checkpoints.resolve("." + pointer + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createSymbolicLink(tmp, Path.of(name));
            Files.move(tmp, checkpoints.resolve(pointer), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot point " + checkpoints.resolve(pointer) + " at " + name, e);
        }
    }

    /** The checkpoint a pointer names, if the pointer exists. */
    public static Optional<Path> pointed(Path checkpoints, String pointer) {
        Path link = checkpoints.resolve(pointer);
        if (!Files.isSymbolicLink(link)) {
            return Optional.empty();
        }
        try {
            return Optional.of(checkpoints.resolve(Files.readSymbolicLink(link)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pointer " + link, e);
        }
    }

    /**
     * Deletes the temporary directories that interrupted {@link #write}s left in {@code checkpoints} (a process killed
     * between creating one and renaming it into place). Only directories named as {@code write} names them are
     * touched; nothing else in the directory is. To be called only while no write is under way (on resume, before
     * training).
     *
     * @return the names deleted, sorted; empty when there were none or {@code checkpoints} does not exist
     */
    public static List<String> removeUnfinishedWrites(Path checkpoints) {
        if (!Files.isDirectory(checkpoints)) {
            return List.of();
        }
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(checkpoints)) {
            for (Path p : ds) {
                if (TEMP_NAME.matcher(p.getFileName().toString()).matches()
                        && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    stale.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + checkpoints, e);
        }
        stale.sort(Comparator.naturalOrder());
        List<String> names = new ArrayList<>();
        for (Path p : stale) {
            deleteTree(p);
            names.add(p.getFileName().toString());
        }
        return names;
    }

    /** Deletes every checkpoint directory in {@code checkpoints} except those named in {@code keep}. */
    public static void prune(Path checkpoints, Collection<String> keep) {
        List<Path> doomed = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(checkpoints)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (!n.startsWith(".") && !n.equals(LAST) && !n.equals(BEST) && !keep.contains(n)
                        && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    doomed.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + checkpoints, e);
        }
        for (Path p : doomed) {
            deleteTree(p);
        }
    }

    /** Deletes {@code root} and everything under it (a checkpoint, a scratch dataset). */
    public static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
