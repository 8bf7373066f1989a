package org.multipose.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Consumer;
import org.multipose.base.InputException;

/**
 * Reads a config: YAML file → {@code --set} overrides applied on top → records validated at the edge. Every
 * problem is an {@link InputException} of one line, {@code <file>:<line>: <key.path>: <what is wrong; allowed>},
 * e.g. {@code configs/x.yaml:12: optimizer.kind: 'adamm' is not one of adam, adamw, sgd}; a problem in an override
 * is named by the override ({@code --set optimizer.lr=-1: optimizer.lr: must be > 0, got -1}).
 *
 * <p>Paths in the file are resolved relative to the file's directory (defaults too, e.g. {@code output.runs_dir}),
 * paths in overrides relative to the working directory; a loaded config holds absolute, normalised paths, so the
 * YAML {@link ConfigWriter} writes reads back to an equal record from anywhere. Paths are not checked for
 * existence here: the stage that opens them does.
 *
 * <p><b>Overrides that change a variant.</b> A key that applies only to some values of another key of its section
 * (its discriminator: {@code split.file} for {@code method: manual}, {@code loss[].upper} for {@code kind: range},
 * {@code optimizer.nesterov} for {@code kind: sgd}, ...) is refused for another value — unless an override set the
 * discriminator and the key came from the file: then the override is taken to replace the old variant, the key is
 * dropped and a note says so ({@code --set split.method=random: dropped split.file (x.yaml:7), which only applies
 * to method manual}). A key set by an override for another variant is refused with the {@code --set} that would make
 * it apply.
 */
public final class ConfigLoader {

    private ConfigLoader() {}

    /** Loads a training config. */
    public static TrainingConfig load(Path file, List<String> overrides) {
        return load(file, TrainingConfig.class, overrides, note -> { });
    }

    /** Loads a training config; {@code notes} receives a line per key an override dropped. */
    public static TrainingConfig load(Path file, List<String> overrides, Consumer<String> notes) {
        return load(file, TrainingConfig.class, overrides, notes);
    }

    /** Loads a config of any record type following the {@link ConfigSchema} conventions. */
    public static <T extends Record> T load(Path file, Class<T> type, List<String> overrides) {
        return load(file, type, overrides, note -> { });
    }

    /** As {@link #load(Path, Class, List)}; {@code notes} receives a line per key an override dropped. */
    public static <T extends Record> T load(Path file, Class<T> type, List<String> overrides,
            Consumer<String> notes) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": config file not found");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read the config: " + e.getMessage(), e);
        }
        Path dir = file.toAbsolutePath().normalize().getParent();
        return parse(text, file.toString(), dir, type, overrides, notes);
    }

    /**
     * Reads config text; {@code label} names it in messages, relative paths resolve against {@code baseDir}.
     *
     * @param overrides {@code key.path=value} strings, applied in order (a later one wins)
     */
    public static <T extends Record> T parse(String yaml, String label, Path baseDir, Class<T> type,
            List<String> overrides) {
        return parse(yaml, label, baseDir, type, overrides, note -> { });
    }

    /** As {@link #parse(String, String, Path, Class, List)}; {@code notes} receives a line per dropped key. */
    public static <T extends Record> T parse(String yaml, String label, Path baseDir, Class<T> type,
            List<String> overrides, Consumer<String> notes) {
        ConfigDocument doc = ConfigDocument.parse(yaml, label);
        for (String o : overrides) {
            doc.apply(ConfigOverride.parse(o));
        }
        T bound = new ConfigBinder(doc).bindRoot(type);
        doc.notes().forEach(notes);
        Path base = baseDir.toAbsolutePath().normalize();
        return type.cast(ConfigSchema.mapPaths(bound, type, p -> base.resolve(p).normalize()));
    }

    /** Writes the config as YAML (no comments), via a temporary file renamed into place. */
    public static void write(Record config, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, ConfigWriter.toYaml(config), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
