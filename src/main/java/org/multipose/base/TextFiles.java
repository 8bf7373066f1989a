package org.multipose.base;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writing a text output so that a reader never sees it half-written. */
public final class TextFiles {

    private TextFiles() {}

    /**
     * Writes {@code text} (UTF-8) to {@code file} through a temporary file in the same directory renamed into place,
     * creating the directory if needed.
     *
     * @throws UncheckedIOException "cannot write FILE" when it fails (the temporary file is removed)
     */
    public static void writeAtomically(Path file, String text) {
        try {
            Path abs = file.toAbsolutePath();
            Files.createDirectories(abs.getParent());
            Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
