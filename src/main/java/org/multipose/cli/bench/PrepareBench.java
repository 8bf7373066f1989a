package org.multipose.cli.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.multipose.base.InputException;
import org.multipose.cli.options.PrepareInputs;
import org.multipose.config.PrepareConfig;
import org.multipose.data.PoseFiles;
import org.multipose.data.PrepareProgress;
import org.multipose.data.PrepareResult;
import org.multipose.data.Preparer;
import org.multipose.structure.CompoundIdRule;
import org.multipose.structure.LigandReader;
import org.multipose.structure.SdfLigandReader;
import org.multipose.structure.SmilesPolicy;
import org.multipose.typing.AtomTyper;
import org.openscience.cdk.io.iterator.IteratingSDFReader;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pipeline bench prepare}: prepare throughput (poses/s) and its ratio to bare CDK parsing of the same SD files
 * ({@code IteratingSDFReader}, one thread, no typing, no writing), timed interleaved in one run
 * ({@link Timing}). The goal is a ratio ≤ 1.5. Also times prepare on one worker and our SD reader alone, which say
 * where the time goes. Default input: the bundled datasets/demo.
 */
@Command(
        name = "prepare",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Prepare throughput and its ratio to bare CDK SDF parsing of the same files (goal: <= 1.5x).",
            "Inputs as for `pipeline prepare` (default: datasets/demo); the dataset goes to a temporary directory."
        })
public final class PrepareBench implements Callable<Integer> {

    /** The goal: prepare time / bare CDK parse time. */
    public static final double GOAL = 1.5;

    @CommandLine.Mixin
    PrepareInputs inputs = new PrepareInputs();

    @Option(names = "--typer", paramLabel = "gnina|element", description = "atom typing (default: gnina, or with"
            + " --config its data.prepare.typer)")
    String typer;

    @Option(names = "--workers", paramLabel = "N", description = "prepare threads (default: available processors)")
    Integer workers;

    @Option(names = "--warmup", paramLabel = "N", description = "untimed rounds of every subject first (default: ${DEFAULT-VALUE})")
    int warmup = 15;

    @Option(names = "--runs", paramLabel = "N", description = "timed rounds (default: ${DEFAULT-VALUE})")
    int runs = 9;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrepareConfig config = inputs.isEmpty() ? demo() : inputs.toConfig();
        AtomTyper t = PrepareInputs.typer(typer, config);
        int n = workers == null ? Runtime.getRuntime().availableProcessors() : workers;
        if (n < 1 || warmup < 0 || runs < 1) {
            throw new InputException("bench prepare: --workers and --runs must be >= 1, --warmup >= 0");
        }
        PoseFiles files = PoseFiles.expand(config.poses().toString());
        for (PoseFiles.PoseFile f : files.files()) {
            if (LigandReader.formatOf(f.path()) != LigandReader.Format.SDF) {
                throw new InputException("bench prepare: " + f.path() + " is not an SD file; the floor is CDK's"
                        + " IteratingSDFReader, so give SD files only");
            }
        }
        Path tmp = Files.createTempDirectory("multipose-bench-prepare");
        try {
            Path dir = tmp.resolve("ds");
            PrepareResult first = new Preparer(t, n, PrepareProgress.NONE).run(config, dir);
            long poses = first.summary().stats().poses();
            long records = bareParse(files);
            out.printf(Locale.ROOT, "bench prepare: %s: %d pose files, %.1f MB, %d SD records -> %d poses of %d"
                    + " compounds; typer %s; %d warm-up + %d timed rounds, median; %d cores, load %s%n",
                    config.poses(), files.files().size(), files.totalBytes() / 1048576.0, records, poses,
                    first.summary().stats().compounds(), t.spec().typer(), warmup, runs,
                    Runtime.getRuntime().availableProcessors(), load());
            out.printf(Locale.ROOT, "%-40s %13s %13s %9s%n", "", "subject", "floor", "ratio");
            long[] sink = {0};
            Runnable floor = () -> sink[0] += bareParse(files);
            Runnable prepareN = () -> new Preparer(t, n, PrepareProgress.NONE).run(config, dir);
            Runnable prepare1 = () -> new Preparer(t, 1, PrepareProgress.NONE).run(config, dir);
            CompoundIdRule ids = CompoundIdRule.parse(config.idFrom().toString());
            Runnable reader = () -> sink[0] += ourReader(files, ids);
            // Warm every subject up before any is timed: the JIT needs a few dozen runs of this much code, and a
            // subject timed first would otherwise pay for it.
            for (int i = 0; i < warmup; i++) {
                floor.run();
                prepareN.run();
                prepare1.run();
                reader.run();
            }
            Timing full = Timing.interleaved(prepareN, floor, 1, runs, 1);
            out.println(full.line("prepare, " + n + " worker" + (n == 1 ? "" : "s")));
            Timing one = n == 1 ? full : Timing.interleaved(prepare1, floor, 1, runs, 1);
            if (n != 1) {
                out.println(one.line("prepare, 1 worker"));
            }
            Timing alone = Timing.interleaved(reader, floor, 1, runs, 1);
            out.println(alone.line("our SD reader alone, 1 thread"));
            out.printf(Locale.ROOT, "floor: CDK IteratingSDFReader over the same files, 1 thread, no typing or"
                    + " writing: %.0f poses/s%n", records / (full.floorMedian() / 1e9));
            out.printf(Locale.ROOT, "prepare throughput: %.0f poses/s with %d worker%s (%.0f with 1); ratio %.2fx,"
                    + " goal <= %.1fx: %s%n", poses / (full.subjectMedian() / 1e9), n, n == 1 ? "" : "s",
                    poses / (one.subjectMedian() / 1e9), full.ratio(), GOAL, full.ratio() <= GOAL ? "met" : "not met");
            out.flush();
            return 0;
        } finally {
            deleteTree(tmp);
        }
    }

    /** The bundled demo under the project directory. */
    private static PrepareConfig demo() {
        Path d = projectDir().resolve("datasets/demo");
        if (!Files.isDirectory(d)) {
            throw new InputException("bench prepare: no --poses given and " + d + " does not exist; give the inputs"
                    + " as for pipeline prepare");
        }
        return PrepareConfig.of(d.resolve("poses.sdf"), Map.of("demo", d.resolve("receptor.pdb")),
                d.resolve("affinities.csv"));
    }

    /** The checkout this code runs from: two levels above target/multipose.jar or target/classes. */
    static Path projectDir() {
        String p = System.getProperty("multipose.project.dir");
        if (p != null) {
            return Path.of(p);
        }
        try {
            Path code = Path.of(PrepareBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = code.getParent();
            if (target != null && target.getFileName() != null && target.getFileName().toString().equals("target")
                    && target.getParent() != null) {
                return target.getParent();
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the working directory
        }
        return Path.of("");
    }

    /** The floor: CDK's own iterating reader, nothing else. Returns the records read. */
    static long bareParse(PoseFiles files) {
        long n = 0;
        for (PoseFiles.PoseFile f : files.files()) {
            try (InputStream raw = Files.newInputStream(f.path());
                    InputStream in = f.path().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                    Reader r = new InputStreamReader(in, StandardCharsets.UTF_8);
                    IteratingSDFReader it = new IteratingSDFReader(r, SilentChemObjectBuilder.getInstance())) {
                while (it.hasNext()) {
                    it.next();
                    n++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return n;
    }

    /** Our SD reader (checks, CDK parse, hydrogens, aromaticity, one SMILES per compound), no typing or writing. */
    static long ourReader(PoseFiles files, CompoundIdRule ids) {
        long n = 0;
        for (PoseFiles.PoseFile f : files.files()) {
            List<SdfLigandReader.RecordText> recs = SdfLigandReader.split(f.path());
            n += SdfLigandReader.parse(recs, f.path(), ids, SmilesPolicy.FIRST_PER_COMPOUND).items().size();
        }
        return n;
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
