package org.multipose.structure;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.multipose.base.InputException;

/** Reads a whole input file as text (gzip-compressed when the name ends in {@code .gz}), with clear failures. */
final class TextFile {

    private TextFile() {}

    /**
     * The file's text; bytes that are not UTF-8 become U+FFFD rather than failing, so one odd character in a title
     * does not lose a file.
     *
     * @throws InputException when the file is missing, a directory, unreadable or a broken gzip stream
     */
    static String read(Path file, String what) {
        if (!Files.exists(file)) {
            throw new InputException(what + " " + file + " does not exist; check the path");
        }
        if (Files.isDirectory(file)) {
            throw new InputException(what + " " + file + " is a directory; give a file");
        }
        if (!Files.isReadable(file)) {
            throw new InputException(what + " " + file + " is not readable; check its permissions");
        }
        try {
            byte[] bytes;
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                    bytes = in.readAllBytes();
                }
            } else {
                bytes = Files.readAllBytes(file);
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (EOFException e) {
            // A .gz cut short (an interrupted copy or download): no record after the cut can be trusted.
            throw new InputException(what + " " + file + " is a truncated gzip file (the compressed stream ends"
                    + " early); copy or compress it again", e);
        } catch (java.util.zip.ZipException e) {
            throw new InputException(what + " " + file + " is not gzip data although it is named .gz ("
                    + e.getMessage() + "); rename or re-compress it", e);
        } catch (AccessDeniedException e) {
            throw new InputException(what + " " + file + " is not readable; check its permissions", e);
        } catch (IOException e) {
            throw new InputException(what + " " + file + " could not be read (" + e.getMessage() + ")", e);
        }
    }
}
