package org.multipose.testsupport;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Paths of the fixtures under src/test/resources (on the test classpath). */
public final class TestFiles {

    private TestFiles() {}

    /** The path of the resource {@code name} (relative to the resources root, e.g. "org/multipose/x.sdf"). */
    public static Path resource(String name) {
        try {
            return Path.of(TestFiles.class.getResource("/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource " + name, e);
        }
    }
}
