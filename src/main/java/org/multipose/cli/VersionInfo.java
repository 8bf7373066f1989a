package org.multipose.cli;

import org.multipose.train.run.LibraryVersions;
import picocli.CommandLine;

/** The {@code --version} text: versions of multipose and of the libraries it was built against. */
public final class VersionInfo implements CommandLine.IVersionProvider {

    /** The value for {@code key} (version, djl, pytorch, arrow, cdk), or "unknown". */
    public static String get(String key) {
        return LibraryVersions.get(key);
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
