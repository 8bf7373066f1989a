package org.multipose.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/** Versions of multipose and of the libraries it was built against, read from the filtered build resource. */
public final class VersionInfo implements CommandLine.IVersionProvider {

    private static final Properties PROPS = load();

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = VersionInfo.class.getResourceAsStream("/org/multipose/version.properties")) {
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

    @Override
    public String[] getVersion() {
        return new String[] {
            "multipose " + get("version"),
            "DJL " + get("djl") + " (PyTorch " + get("pytorch") + "), Arrow " + get("arrow") + ", CDK " + get("cdk"),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
        };
    }
}
