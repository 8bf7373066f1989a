package org.multipose.train.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Versions of multipose and of the libraries it was built against (the filtered build resource
 * {@code org/multipose/version.properties}), for checkpoints and the CLI's {@code --version}.
 */
public final class LibraryVersions {

    private static final Properties PROPS = load();

    private LibraryVersions() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = LibraryVersions.class.getResourceAsStream("/org/multipose/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** The value for {@code key} (version, djl, pytorch, arrow, cdk), or "unknown". */
    public static String get(String key) {
        return PROPS.getProperty(key, "unknown");
    }

    /** multipose, DJL, PyTorch, Arrow, CDK and Java versions, in that order, then the machine ({@link MachineInfo}). */
    public static Map<String, String> all() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("multipose", get("version"));
        m.put("djl", get("djl"));
        m.put("pytorch", get("pytorch"));
        m.put("arrow", get("arrow"));
        m.put("cdk", get("cdk"));
        m.put("java", System.getProperty("java.version"));
        m.putAll(MachineInfo.describe());
        return m;
    }
}
