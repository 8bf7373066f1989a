package org.multipose.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The content fingerprint of a dataset: SHA-256 over the bytes of its Arrow files (compound table — which holds the
 * labels —, pose table, receptor table, in that order, each preceded by its file name; a partitioned dataset's
 * compound parts, then its pose parts, then the receptors: {@link DatasetManifest}). The files hold no
 * timestamps and their rows are in {@link CompoundKey} order, so the same inputs give the same fingerprint; any
 * changed coordinate, type, radius, score or label changes it. Written as "sha256:" + 64 hex digits.
 */
public final class DatasetFingerprint {

    private DatasetFingerprint() {}

    /** The fingerprint of the dataset in {@code dir}. */
    public static String of(Path dir) {
        MessageDigest md = sha256();
        byte[] buf = new byte[1 << 16];
        for (String name : DatasetManifest.arrowFiles(dir)) {
            md.update(name.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            try (InputStream in = Files.newInputStream(dir.resolve(name))) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    md.update(buf, 0, n);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + dir.resolve(name), e);
            }
        }
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
