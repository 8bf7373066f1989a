package org.multipose.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;

/**
 * A pose file as the distributed prepare hands it to a task: a local path (read with java.nio, exactly as the
 * single-machine prepare reads it) or a Hadoop file-system URI (read through Hadoop's {@link FileSystem}).
 *
 * @param name    the path or URI as the pattern gave it (rejects name the file by it)
 * @param target  the text the {@code {target}} placeholder matched, or ""
 * @param id      the text the {@code {id}} placeholder matched, or ""
 * @param bytes   the file's size
 * @param ordinal the file's place in path order (poses of a compound arrive in this order)
 * @param remote  true for a URI read through Hadoop
 */
record PoseFileRef(String name, String target, String id, long bytes, int ordinal, boolean remote)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The path the core's readers see: the file itself, or for a URI its path part (names, id rules). */
    Path localPath() {
        return remote ? Path.of(URI.create(name).getPath()) : Path.of(name);
    }

    boolean gzip() {
        return name.toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    /** The file's bytes from {@code offset} on. */
    InputStream open(long offset) {
        try {
            if (!remote) {
                FileChannel ch = FileChannel.open(Path.of(name), StandardOpenOption.READ);
                ch.position(offset);
                return Channels.newInputStream(ch);
            }
            URI uri = URI.create(name);
            FSDataInputStream in = FileSystem.get(uri, new Configuration()).open(new org.apache.hadoop.fs.Path(uri));
            in.seek(offset);
            return in;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    /**
     * A local copy of a remote file in {@code dir}, under its own folder and file name (the folder and file id rules
     * read them); a local file is returned as it is.
     */
    Path local(Path dir) {
        if (!remote) {
            return Path.of(name);
        }
        Path p = localPath();
        Path folder = dir.resolve("f" + ordinal).resolve(p.getParent() == null || p.getParent().getFileName() == null
                ? "root" : p.getParent().getFileName().toString());
        try {
            Files.createDirectories(folder);
            Path copy = folder.resolve(p.getFileName().toString());
            try (InputStream in = open(0)) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + name + " to " + folder, e);
        }
    }
}
