package org.multipose.combination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The module README's example is {@link ReadmeExample} verbatim (minus the package line), and it runs: each optimizer step
 * lowers the loss.
 */
class ReadmeExampleTest {

    @Test
    void readmeShowsTheExampleVerbatim() throws IOException {
        Path root = Path.of(System.getProperty("multipose.combination.dir", "."));
        String source = Files.readString(root.resolve(
                "src/test/java/org/multipose/combination/ReadmeExample.java"));
        String example = source.substring(source.indexOf('\n', source.indexOf("package ")) + 1).strip();
        String readme = Files.readString(root.resolve("README.md"));
        int section = readme.indexOf("## Using the combination module in your own DJL code");
        assertTrue(section >= 0, "the module README lacks its usage section");
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        int end = readme.indexOf("```", start);
        assertEquals(example, readme.substring(start, end).strip(),
                "README example differs from src/test/java/org/multipose/combination/ReadmeExample.java");
    }

    @Test
    void exampleRunsAndEachStepLowersTheLoss() {
        double[] losses = ReadmeExample.run();
        assertTrue(losses[1] < losses[0], "first step: " + losses[0] + " -> " + losses[1]);
        assertTrue(losses[2] < losses[1], "second step: " + losses[1] + " -> " + losses[2]);
    }
}
