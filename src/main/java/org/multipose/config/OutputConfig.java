package org.multipose.config;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a run writes.
 *
 * @param runsDir directory that holds run directories
 * @param name    the run directory's name; empty = config file name + timestamp ({@link #runName})
 */
public record OutputConfig(
        @Doc("directory holding run directories") Path runsDir,
        @Doc(value = "run directory name", defaultText = "config name + timestamp") Optional<String> name) {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    public OutputConfig {
        Objects.requireNonNull(runsDir, "runsDir");
        Objects.requireNonNull(name, "name");
        if (name.isPresent() && (name.get().isBlank() || name.get().contains("/") || name.get().contains("\\")
                || name.get().equals(".") || name.get().equals(".."))) {
            throw new ConfigProblem("name", "must be a plain directory name without '/', got '" + name.get() + "'");
        }
    }

    /** The run directory's name: {@code name}, or {@code <config file name without .yaml>-<yyyyMMdd-HHmmss>}. */
    public String runName(String configFileName, LocalDateTime now) {
        if (name.isPresent()) {
            return name.get();
        }
        String stem = configFileName.replaceFirst("\\.(yaml|yml)$", "");
        return stem + "-" + STAMP.format(now);
    }

    public static OutputConfig defaults() {
        return new OutputConfig(Path.of("runs"), Optional.empty());
    }
}
