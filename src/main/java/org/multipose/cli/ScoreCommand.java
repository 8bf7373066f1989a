package org.multipose.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.multipose.base.InputException;
import org.multipose.base.TextFiles;
import org.multipose.base.Reject;
import org.multipose.cli.options.ScoreInputs;
import org.multipose.combination.Combination;
import org.multipose.data.PoseFiles;
import org.multipose.predict.PoseBatchScorer;
import org.multipose.predict.PoseFileScoring;
import org.multipose.predict.PoseFileScoring.Pose;
import org.multipose.predict.PoseFileScoring.ScoredPose;
import org.multipose.predict.ScoreModel;
import org.multipose.refine.RefinedSdf;
import org.multipose.structure.CompoundIdRule;
import org.multipose.structure.SdfLigandReader;
import org.multipose.train.EngineThreads;
import org.multipose.typing.TypedAtoms;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pipeline score}: the equivalent of {@code gnina -r R -l L --score_only --cnn MODEL} for gnina's pretrained
 * models ({@code gnina:NAME}) and for runs trained here ({@code run:DIR}): every pose is gridded as the model expects
 * and gets gnina's SD tags; beyond gnina, many files and {@code {target}} patterns, per-compound rows that combine
 * all of a compound's poses, a progress bar with poses/s, and a rejects list.
 */
@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Score docked poses with gnina's pretrained CNNs (gnina:NAME) or a trained run (run:DIR), as"
                + " gnina --score_only does: SD tags CNNscore, CNNaffinity (pK), CNN_VS and, for ensembles,"
                + " CNNaffinity_variance; optional per-compound rows combining all poses."})
public final class ScoreCommand implements Callable<Integer> {

    /** SD tag: the pose score, mean over members of softmax(pose logits)₁. */
    public static final String TAG_SCORE = PoseFileScoring.TAG_SCORE;
    /** SD tag: the predicted affinity, pK, mean over members. */
    public static final String TAG_AFFINITY = PoseFileScoring.TAG_AFFINITY;
    /** SD tag: CNNscore × CNNaffinity (gnina's virtual-screening score). */
    public static final String TAG_VS = PoseFileScoring.TAG_VS;
    /** SD tag: the population variance of the members' affinities, pK² (ensembles only). */
    public static final String TAG_VARIANCE = PoseFileScoring.TAG_VARIANCE;

    @Mixin
    ScoreInputs inputs = new ScoreInputs();

    @Option(names = "--out", paramLabel = "FILE", description = "the scored poses as SD records with the tags"
            + " added (.sdf or .sdf.gz)")
    Path out;

    @Option(names = "--csv", paramLabel = "FILE", description = "one row per pose (and per compound with"
            + " --combine)")
    Path csv;

    @Option(names = "--combine", paramLabel = "max|mean|boltzmann",
            description = "add per-compound rows combining all of a compound's poses: max = smooth minimum of the"
                    + " free energies (LSE, scale 1000/kT: the best pose), mean, or boltzmann (kT = 1)")
    String combine;

    @Option(names = "--rejects", paramLabel = "FILE", description = "write the skipped records as CSV"
            + " (file, record, compound, reason)")
    Path rejectsFile;

    @Option(names = "--threads", paramLabel = "N", description = "gridding and PyTorch threads (default: the"
            + " available processors)")
    Integer threads;

    @Option(names = "--batch", paramLabel = "N", description = "poses per forward pass (default: ${DEFAULT-VALUE})")
    int batch = 8;

    @Option(names = "--quiet", description = "no progress bar and no per-pose lines")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (nThreads < 1 || batch < 1) {
            throw new InputException("--threads and --batch must be ≥ 1 (got " + nThreads + " and " + batch + ")");
        }
        Combination combination = PoseFileScoring.combination(combine);
        CompoundIdRule ids = PoseFileScoring.idRule(inputs.idFrom());
        if (out != null && !isSdf(out)) {
            throw new InputException("--out " + out + ": score writes SD files; name it .sdf or .sdf.gz");
        }
        Map<String, Path> receptorFiles = inputs.receptorFiles();
        List<Reject> rejects = new ArrayList<>();
        List<PoseFiles.PoseFile> files = PoseFileScoring.ligandFiles(inputs.ligands(), receptorFiles, inputs.target(),
                rejects);
        Optional<Path> configWeights = inputs.configWeights();
        // Before anything loads the engine: PyTorch reads its thread counts once.
        EngineThreads.configure(nThreads);
        long t0 = System.nanoTime();
        List<ScoredPose> rows = new ArrayList<>();
        double[] split = new double[2]; // gridding, networks (s)
        try (ScoreModel sm = ScoreModel.open(inputs.model(), inputs.weightsDir(), configWeights, System.getenv(),
                inputs.checkpoint());
                PoseBatchScorer scorer = new PoseBatchScorer(sm.members(), sm.grid(), nThreads, batch);
                SdOutput sd = new SdOutput(out)) {
            Map<String, TypedAtoms> typedReceptors = new LinkedHashMap<>();
            List<List<SdfLigandReader.RecordText>> texts = new ArrayList<>();
            long total = 0;
            for (PoseFiles.PoseFile f : files) {
                List<SdfLigandReader.RecordText> t = SdfLigandReader.split(f.path());
                texts.add(t);
                total += t.size();
            }
            try (ProgressBar bar = progress(total)) {
                for (int i = 0; i < files.size(); i++) {
                    PoseFiles.PoseFile f = files.get(i);
                    TypedAtoms receptor = typedReceptors.computeIfAbsent(f.target(),
                            t -> PoseFileScoring.typeReceptor(sm, receptorFiles.get(t), r -> err.println(
                                    "score: skipped " + r.file() + " " + r.record() + ": " + r.reason())));
                    List<Pose> poses = PoseFileScoring.read(f.path(), f.target(), f.id(), texts.get(i), sm, ids,
                            rejects);
                    if (bar != null) {
                        bar.stepBy(texts.get(i).size() - poses.size());
                    }
                    for (int from = 0; from < poses.size(); from += batch) {
                        List<Pose> chunk = poses.subList(from, Math.min(poses.size(), from + batch));
                        List<ScoredPose> scored = PoseFileScoring.score(scorer, receptor, chunk);
                        for (int k = 0; k < chunk.size(); k++) {
                            ScoredPose row = scored.get(k);
                            sd.write(RefinedSdf.withTags(chunk.get(k).record(), PoseFileScoring.tags(row.score())));
                            rows.add(row);
                            if (!quiet && out == null && csv == null) {
                                o.println(PoseFileScoring.line(row));
                            }
                        }
                        if (bar != null) {
                            bar.stepBy(chunk.size());
                        }
                    }
                }
            }
            split[0] = scorer.gridSeconds();
            split[1] = scorer.networkSeconds();
            for (Reject r : rejects) {
                err.println("score: skipped " + r.file() + (r.record().isEmpty() ? "" : " " + r.record()) + ": "
                        + r.reason());
            }
            if (rows.isEmpty()) {
                throw new InputException("--ligand: no pose could be scored (" + rejects.size() + " skipped, reasons"
                        + " above)");
            }
            sd.commit();
            double seconds = (System.nanoTime() - t0) / 1e9;
            List<String> compoundLines = new ArrayList<>();
            if (combination != null) {
                PoseFileScoring.combine(rows, combination).forEach(c -> compoundLines.add(PoseFileScoring.csvLine(c)));
            }
            if (csv != null) {
                writeCsv(rows, compoundLines);
            }
            if (rejectsFile != null) {
                StringBuilder b = new StringBuilder(Reject.CSV_HEADER).append('\n');
                rejects.forEach(r -> b.append(r.toCsvRow()).append('\n'));
                TextFiles.writeAtomically(rejectsFile, b.toString());
            }
            o.printf(Locale.ROOT, "score: %d pose(s) from %d file(s) with %s (%d member%s, %s) in %.1f s (%.2f poses/s);"
                    + " %d skipped%n", rows.size(), files.size(), sm.name(), sm.members().size(),
                    sm.members().size() == 1 ? "" : "s", sm.architectures(), seconds,
                    rows.size() / seconds, rejects.size());
            o.printf(Locale.ROOT, "  time: gridding %.1f s, networks %.1f s (%.0f %% of the scoring in gridding)%n",
                    split[0], split[1], 100 * split[0] / Math.max(1e-9, split[0] + split[1]));
            if (combination != null) {
                o.printf(Locale.ROOT, "  compounds: %d, poses combined by %s%n", compoundLines.size(),
                        combination.name());
            }
            if (out != null) {
                o.println("  wrote " + out.toAbsolutePath());
            }
            if (csv != null) {
                o.println("  wrote " + csv.toAbsolutePath());
            }
            if (rejectsFile != null) {
                o.println("  wrote " + rejectsFile.toAbsolutePath());
            }
        }
        return 0;
    }

    private static boolean isSdf(Path p) {
        String n = p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        return n.endsWith(".sdf") || n.endsWith(".sd");
    }

    private void writeCsv(List<ScoredPose> rows, List<String> compoundLines) {
        StringBuilder b = new StringBuilder(PoseFileScoring.CSV_HEADER).append('\n');
        for (ScoredPose r : rows) {
            b.append(PoseFileScoring.csvLine(r)).append('\n');
        }
        for (String l : compoundLines) {
            b.append(l).append('\n');
        }
        TextFiles.writeAtomically(csv, b.toString());
    }

    private ProgressBar progress(long total) {
        if (quiet || !Terminal.isInteractive()) {
            return null;
        }
        return new ProgressBarBuilder().setTaskName("score").setInitialMax(total).setUnit(" poses", 1)
                .showSpeed().setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).setMaxRenderedLength(100)
                .build();
    }

    /**
     * The SD output, streamed to a temporary file next to the target (gzip-compressed for {@code .gz}) and renamed
     * into place by {@link #commit}; nothing is written without {@code --out}.
     */
    private static final class SdOutput implements AutoCloseable {
        private final Path target;
        private final Path tmp;
        private final Writer writer;
        private boolean committed;

        SdOutput(Path target) {
            this.target = target == null ? null : target.toAbsolutePath();
            if (this.target == null) {
                this.tmp = null;
                this.writer = null;
                return;
            }
            try {
                Files.createDirectories(this.target.getParent());
                this.tmp = Files.createTempFile(this.target.getParent(), "." + this.target.getFileName(), ".tmp");
                OutputStream os = Files.newOutputStream(tmp);
                if (this.target.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
                    os = new GZIPOutputStream(os, 1 << 16);
                }
                this.writer = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + target, e);
            }
        }

        void write(String record) {
            if (writer == null) {
                return;
            }
            try {
                writer.write(record);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + target, e);
            }
        }

        void commit() {
            if (writer == null) {
                return;
            }
            try {
                writer.close();
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                committed = true;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + target, e);
            }
        }

        @Override
        public void close() {
            if (writer == null || committed) {
                return;
            }
            try {
                writer.close();
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // the run failed already; a leftover temporary file is the lesser problem
            }
        }
    }
}
