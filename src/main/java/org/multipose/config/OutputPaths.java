package org.multipose.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.multipose.base.InputException;

/**
 * Output locations given by the user (an {@code --out}, {@code output.runs_dir}), checked before any work is done,
 * so that a path that cannot be written is one {@link InputException} naming the path element that blocks it and
 * the fix — not an I/O failure after minutes of work. Nothing is created by the check.
 */
public final class OutputPaths {

    /** Longest file name most Linux file systems accept, in bytes (ext4, xfs, btrfs, tmpfs). */
    public static final int MAX_NAME_BYTES = 255;

    private OutputPaths() {
    }

    /**
     * Checks that directory {@code dir} can be created (or exists) and written to, without creating anything: no
     * element of the path is a file, no name is too long, and a file can be created in the nearest directory that
     * exists. So a bad input that is only noticed later still leaves nothing behind.
     *
     * @param option how the user gave the path (e.g. "--out", "output.runs_dir"), for the message
     * @return the absolute, normalised directory
     * @throws InputException when a path element is a file, a name is too long, or the place is not writable
     */
    public static Path directory(Path dir, String option) {
        Path abs = checkedPath(dir, option);
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new InputException(option + " " + dir + ": no part of the path exists; give a path on a mounted"
                    + " file system");
        }
        if (!Files.isDirectory(existing)) {
            throw new InputException(option + " " + dir + ": " + (existing.equals(abs) ? "it" : existing)
                    + " is a file, not a directory; give a directory path");
        }
        // Permissions say little for root or on some mounts (read-only, immutable): try it.
        try {
            Path probe = Files.createTempFile(existing, ".multipose-write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw unwritable(option, dir, e);
        }
        return abs;
    }

    /**
     * Checks an output file path: not a directory, its directory creatable and writable (nothing is created).
     *
     * @return the absolute, normalised file path
     */
    public static Path file(Path file, String option) {
        Path abs = checkedPath(file, option);
        if (Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS)) {
            throw new InputException(option + " " + file + " is a directory; give a file name");
        }
        Path parent = abs.getParent();
        if (parent != null) {
            directory(parent, option + " (its directory)");
        }
        return abs;
    }

    private static Path checkedPath(Path p, String option) {
        Path abs = p.toAbsolutePath().normalize();
        for (Path name : abs) {
            int bytes = name.toString().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_NAME_BYTES) {
                String shown = name.toString().length() > 40 ? name.toString().substring(0, 40) + "…" : name.toString();
                throw new InputException(option + " " + shorten(p) + ": the name '" + shown + "' is " + bytes
                        + " bytes long, more than the " + MAX_NAME_BYTES + " a file system allows; choose a shorter"
                        + " name");
            }
        }
        return abs;
    }

    private static InputException unwritable(String option, Path dir, IOException e) {
        String why;
        if (e instanceof AccessDeniedException) {
            why = "permission denied";
        } else if (e instanceof FileSystemException f && f.getReason() != null) {
            why = f.getReason();
        } else {
            why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
        }
        return new InputException(option + " " + shorten(dir) + ": cannot write there (" + why
                + "); choose a directory you can write to", e);
    }

    private static String shorten(Path p) {
        String s = p.toString();
        return s.length() > 120 ? s.substring(0, 60) + "…" + s.substring(s.length() - 40) : s;
    }
}
