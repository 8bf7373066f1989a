package org.multipose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Packages are the stages and imports flow one way (README "Architecture"): a package may refer only to packages
 * of a lower layer, and the combination module only to DJL's api and the JDK. Checked on the sources with
 * comments removed, so a Javadoc mention of another stage is fine, a reference in code is not.
 */
class ArchitectureTest {

    private static final Map<String, Integer> LAYER = Map.ofEntries(Map.entry("combination", 0),
            Map.entry("base", 0), Map.entry("config", 1), Map.entry("structure", 2), Map.entry("typing", 3),
            Map.entry("grid", 4), Map.entry("data", 5), Map.entry("model", 6), Map.entry("train", 7),
            Map.entry("refine", 7), Map.entry("predict", 8), Map.entry("eval", 9), Map.entry("workflow", 10),
            Map.entry("cli", 11));

    /**
     * Exceptions to the layer rule, as "from → to"; none today (config, one layer above the combination module, uses
     * its gradient route enum; the combination module imports nothing of ours).
     */
    private static final java.util.Set<String> ALLOWED = java.util.Set.of();

    private static final Pattern OURS = Pattern.compile("org\\.multipose\\.(\\w+)");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import\\s+(static\\s+)?([\\w.]+)");
    private static final Pattern COMMENTS = Pattern.compile("(?s)/\\*.*?\\*/|//[^\\n]*");

    private static Path mainSources() {
        return Path.of(System.getProperty("multipose.project.dir", ".")).resolve("src/main/java/org/multipose");
    }

    private static String code(Path file) throws IOException {
        return COMMENTS.matcher(Files.readString(file)).replaceAll(" ");
    }

    @Test
    void importsFlowDownTheLayers() throws IOException {
        List<String> violations = new ArrayList<>();
        int files = 0;
        for (String pkg : LAYER.keySet()) {
            Path dir = mainSources().resolve(pkg);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path f : s.filter(p -> p.toString().endsWith(".java")).toList()) {
                    files++;
                    Matcher m = OURS.matcher(code(f));
                    while (m.find()) {
                        String dep = m.group(1);
                        Integer target = LAYER.get(dep);
                        if (target != null && !dep.equals(pkg) && target >= LAYER.get(pkg)
                                && !ALLOWED.contains(pkg + " → " + dep)) {
                            violations.add(pkg + " → " + dep + " in " + f.getFileName());
                        }
                    }
                }
            }
        }
        assertTrue(files > 100, "found only " + files + " source files; is the project dir right?");
        assertEquals(List.of(), violations);
    }

    /**
     * Inside the cli layer the packages are ordered too: the commands ({@code cli}) may use the benchmarks
     * ({@code cli.bench}) and the shared options ({@code cli.options}), the benchmarks only the shared options, and
     * those neither.
     */
    @Test
    void cliSubpackagesDoNotReferToTheCommandsAbove() throws IOException {
        subpackagesFlowDown("cli", Map.of("cli.options", 0, "cli.bench", 1, "cli", 2), 10);
    }

    /**
     * Inside train: optimizers and schedules ({@code train.optim}) and losses ({@code train.loss}) know nothing of
     * each other or of the loop; checkpoints and the run directory ({@code train.run}) store optimizer state; the loop
     * ({@code train}) uses all three.
     */
    @Test
    void trainSubpackagesDoNotReferToTheLoopAbove() throws IOException {
        subpackagesFlowDown("train", Map.of("train.optim", 0, "train.loss", 0, "train.run", 1, "train", 2), 50);
    }

    private static void subpackagesFlowDown(String top, Map<String, Integer> rank, int minFiles) throws IOException {
        Pattern ref = Pattern.compile("org\\.multipose\\.(" + top + "(?:\\.[a-z]\\w*)*)\\.[A-Z]");
        List<String> violations = new ArrayList<>();
        int files = 0;
        try (Stream<Path> s = Files.walk(mainSources().resolve(top))) {
            for (Path f : s.filter(p -> p.toString().endsWith(".java")).toList()) {
                files++;
                String pkg = top + mainSources().resolve(top).relativize(f.getParent()).toString()
                        .replace('/', '.').replaceAll("^(?=.)", ".");
                assertTrue(rank.containsKey(pkg), "package org.multipose." + pkg + " has no rank in this test");
                Matcher m = ref.matcher(code(f));
                while (m.find()) {
                    String dep = m.group(1);
                    if (!dep.equals(pkg) && rank.getOrDefault(dep, Integer.MAX_VALUE) >= rank.get(pkg)) {
                        violations.add(pkg + " → " + dep + " in " + f.getFileName());
                    }
                }
            }
        }
        assertTrue(files > minFiles, "found only " + files + " " + top + " source files");
        assertEquals(List.of(), violations);
    }

    @Test
    void combinationImportsOnlyDjlAndTheJdk() throws IOException {
        List<String> foreign = new ArrayList<>();
        // The module's pom gives it DJL's api alone, so the compiler already refuses our packages; this also keeps
        // other libraries out.
        Path module = Path.of(System.getProperty("multipose.project.dir", "."))
                .resolve("multipose-combination/src/main/java/org/multipose/combination");
        assertTrue(Files.isDirectory(module), module.toString());
        try (Stream<Path> s = Files.list(module)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = IMPORT.matcher(code(f));
                while (m.find()) {
                    String imp = m.group(2);
                    if (!imp.startsWith("java.") && !imp.startsWith("ai.djl.")) {
                        foreign.add(imp + " in " + f.getFileName());
                    }
                }
            }
        }
        assertEquals(List.of(), foreign);
    }
}
