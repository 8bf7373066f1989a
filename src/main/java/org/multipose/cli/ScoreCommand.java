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
import org.multipose.base.Reject;
import org.multipose.cli.options.PrepareInputs;
import org.multipose.combination.BoltzmannCombination;
import org.multipose.combination.Combination;
import org.multipose.combination.CombinationResult;
import org.multipose.combination.MaxCombination;
import org.multipose.combination.MeanCombination;
import org.multipose.combination.PKReadout;
import org.multipose.config.ConfigLoader;
import org.multipose.data.PoseFiles;
import org.multipose.predict.PoseBatchScorer;
import org.multipose.predict.PoseScore;
import org.multipose.refine.RefinedSdf;
import org.multipose.structure.CompoundIdRule;
import org.multipose.structure.LigandReader;
import org.multipose.structure.Molecule;
import org.multipose.structure.PdbReceptorReader;
import org.multipose.structure.ReadResult;
import org.multipose.structure.ReceptorOptions;
import org.multipose.structure.ReceptorRead;
import org.multipose.structure.SdfLigandReader;
import org.multipose.structure.SmilesPolicy;
import org.multipose.train.EngineThreads;
import org.multipose.typing.TypedAtoms;
import picocli.CommandLine;
import picocli.CommandLine.Command;
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
    public static final String TAG_SCORE = "CNNscore";
    /** SD tag: the predicted affinity, pK, mean over members. */
    public static final String TAG_AFFINITY = "CNNaffinity";
    /** SD tag: CNNscore × CNNaffinity (gnina's virtual-screening score). */
    public static final String TAG_VS = "CNN_VS";
    /** SD tag: the population variance of the members' affinities, pK² (ensembles only). */
    public static final String TAG_VARIANCE = "CNNaffinity_variance";

    @Option(names = "--receptor", required = true, paramLabel = "[TARGET=]R.pdb",
            description = "the receptor PDB; repeat as TARGET=FILE per target when --ligand has {target}")
    List<String> receptors = new ArrayList<>();

    @Option(names = "--ligand", required = true, paramLabel = "PATTERN",
            description = "SD files of poses (.sdf, .sd, optionally .gz): a file, a directory or a glob; a path"
                    + " segment {target} names each file's target (quote it); repeatable")
    List<String> ligands = new ArrayList<>();

    @Option(names = "--model", paramLabel = "gnina:NAME|run:DIR",
            description = "gnina's pretrained models (gnina:default, gnina:dense, gnina:crossdock_default2018,"
                    + " gnina:general_default2018_ensemble, ...) or a trained run (run:DIR) (default: ${DEFAULT-VALUE})")
    String model = "gnina:default";

    @Option(names = "--weights-dir", paramLabel = "DIR",
            description = "folder of gnina's .pt weight files (else model.weights_dir of --config, else"
                    + " $MULTIPOSE_GNINA_WEIGHTS)")
    Path weightsDir;

    @Option(names = "--config", paramLabel = "FILE", description = "a config whose model.weights_dir names the"
            + " weights folder")
    Path config;

    @Option(names = "--checkpoint", paramLabel = "best|last|DIR",
            description = "run:DIR models: each member's best or last checkpoint, or one checkpoint directory"
                    + " (default: ${DEFAULT-VALUE})")
    String checkpoint = "best";

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

    @Option(names = "--target", paramLabel = "NAME",
            description = "the target of the poses when --ligand has no {target} (default: the only receptor's)")
    String target;

    @Option(names = "--id-from", paramLabel = "title|tag:NAME|file|folder",
            description = "the compound id of a pose, for --combine and the CSV (default: title; a blank title"
                    + " falls back to the file name)")
    String idFrom = "title";

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

    /** One pose to score. */
    private record Pose(Path file, String target, SdfLigandReader.RecordText record, String compound, String title,
            TypedAtoms ligand, double[] center) {
    }

    /** One scored pose. */
    private record Row(Path file, String target, int record, String compound, String title, PoseScore score) {
    }

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (nThreads < 1 || batch < 1) {
            throw new InputException("--threads and --batch must be ≥ 1 (got " + nThreads + " and " + batch + ")");
        }
        Combination combination = combination();
        CompoundIdRule ids = idRule();
        if (out != null && !isSdf(out)) {
            throw new InputException("--out " + out + ": score writes SD files; name it .sdf or .sdf.gz");
        }
        if (target != null && target.isBlank()) {
            throw new InputException("--target is blank; give a target name or leave the option out");
        }
        Map<String, Path> receptorFiles = PrepareInputs.receptorMap(receptors, target);
        List<Reject> rejects = new ArrayList<>();
        List<PoseFiles.PoseFile> files = ligandFiles(receptorFiles, rejects);
        Optional<Path> configWeights = config == null ? Optional.empty()
                : ConfigLoader.load(config, List.of()).model().weightsDir();
        // Before anything loads the engine: PyTorch reads its thread counts once.
        EngineThreads.configure(nThreads);
        long t0 = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        try (ScoreModel sm = ScoreModel.open(model, Optional.ofNullable(weightsDir), configWeights, System.getenv(),
                checkpoint);
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
                            t -> typeReceptor(sm, receptorFiles.get(t), err));
                    List<Pose> poses = read(f, texts.get(i), sm, ids, rejects);
                    if (bar != null) {
                        bar.stepBy(texts.get(i).size() - poses.size());
                    }
                    for (int from = 0; from < poses.size(); from += batch) {
                        List<Pose> chunk = poses.subList(from, Math.min(poses.size(), from + batch));
                        List<TypedAtoms> ligs = new ArrayList<>();
                        List<double[]> centers = new ArrayList<>();
                        for (Pose p : chunk) {
                            ligs.add(p.ligand());
                            centers.add(p.center());
                        }
                        List<PoseScore> scores = scorer.score(receptor, ligs, centers);
                        for (int k = 0; k < chunk.size(); k++) {
                            Pose p = chunk.get(k);
                            PoseScore s = scores.get(k);
                            sd.write(RefinedSdf.withTags(p.record(), tags(s)));
                            Row row = new Row(p.file(), p.target(), p.record().number(), p.compound(), p.title(), s);
                            rows.add(row);
                            if (!quiet && out == null && csv == null) {
                                o.println(line(row));
                            }
                        }
                        if (bar != null) {
                            bar.stepBy(chunk.size());
                        }
                    }
                }
            }
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
            List<String> compoundLines = combination == null ? List.of() : combine(rows, combination);
            if (csv != null) {
                writeCsv(rows, compoundLines, combination);
            }
            if (rejectsFile != null) {
                StringBuilder b = new StringBuilder(Reject.CSV_HEADER).append('\n');
                rejects.forEach(r -> b.append(r.toCsvRow()).append('\n'));
                writeAtomically(rejectsFile, b.toString());
            }
            o.printf(Locale.ROOT, "score: %d pose(s) from %d file(s) with %s (%d member%s, %s) in %.1f s (%.2f poses/s);"
                    + " %d skipped%n", rows.size(), files.size(), sm.name(), sm.members().size(),
                    sm.members().size() == 1 ? "" : "s", architectures(sm), seconds,
                    rows.size() / seconds, rejects.size());
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

    /** The members' architectures with counts: "default2018", "dense ×2, default2018 ×3". */
    private static String architectures(ScoreModel sm) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        sm.members().forEach(m -> counts.merge(m.spec().architecture(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((a, n) -> parts.add(counts.size() == 1 && n == 1 ? a : a + " ×" + n));
        return String.join(", ", parts);
    }

    private Combination combination() {
        if (combine == null) {
            return null;
        }
        return switch (combine.trim().toLowerCase(Locale.ROOT)) {
            case "max" -> new MaxCombination(true, MaxCombination.DEFAULT_SCALE);
            case "mean" -> new MeanCombination();
            case "boltzmann" -> new BoltzmannCombination(1.0);
            default -> throw new InputException("--combine " + combine + ": use max, mean or boltzmann");
        };
    }

    private CompoundIdRule idRule() {
        try {
            return CompoundIdRule.parse(idFrom);
        } catch (IllegalArgumentException e) {
            throw new InputException("--id-from " + e.getMessage());
        }
    }

    private static boolean isSdf(Path p) {
        String n = p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        return n.endsWith(".sdf") || n.endsWith(".sd");
    }

    /** The SD files the patterns name, each with its target; other pose files become rejects. */
    private List<PoseFiles.PoseFile> ligandFiles(Map<String, Path> receptorFiles, List<Reject> rejects) {
        List<PoseFiles.PoseFile> out = new ArrayList<>();
        for (String pattern : ligands) {
            PoseFiles pf = PoseFiles.expand(pattern);
            rejects.addAll(pf.rejects());
            for (PoseFiles.PoseFile f : pf.files()) {
                String t = f.target();
                if (t.isEmpty()) {
                    if (target != null) {
                        t = target;
                    } else if (receptorFiles.size() == 1) {
                        t = receptorFiles.keySet().iterator().next();
                    } else {
                        throw new InputException("--ligand " + pattern + ": " + receptorFiles.size() + " receptors"
                                + " but the pattern names no target; put a {target} folder in it or give --target");
                    }
                }
                if (!receptorFiles.containsKey(t)) {
                    throw new InputException("--ligand " + f.path() + ": target '" + t + "' has no receptor (given: "
                            + String.join(", ", receptorFiles.keySet()) + "); add --receptor " + t + "=FILE");
                }
                if (LigandReader.formatOf(f.path()) != LigandReader.Format.SDF) {
                    rejects.add(new Reject(f.path().toString(), "", "", "score reads and writes SD files; convert the"
                            + " poses (e.g. obabel " + f.path().getFileName() + " -O poses.sdf)"));
                    continue;
                }
                out.add(new PoseFiles.PoseFile(f.path(), t, f.id(), f.bytes()));
            }
        }
        if (out.isEmpty()) {
            throw new InputException("--ligand " + String.join(" ", ligands) + ": no SD file to score"
                    + (rejects.isEmpty() ? "" : " (" + rejects.get(0).file() + ": " + rejects.get(0).reason() + ")"));
        }
        return out;
    }

    /** The receptor typed as the model expects; gnina models keep waters, as gnina reads every atom. */
    private static TypedAtoms typeReceptor(ScoreModel sm, Path file, PrintWriter err) {
        ReceptorOptions options = sm.isGnina() ? ReceptorOptions.defaults().withWaters(true)
                : ReceptorOptions.defaults();
        ReceptorRead rr = PdbReceptorReader.read(file, options);
        for (Reject r : rr.rejects()) {
            err.println("score: skipped " + r.file() + " " + r.record() + ": " + r.reason());
        }
        return sm.typer().typeReceptor(rr.receptor());
    }

    /** Parses and types one file's records; records that cannot be scored become rejects. */
    private List<Pose> read(PoseFiles.PoseFile f, List<SdfLigandReader.RecordText> texts, ScoreModel sm,
            CompoundIdRule ids, List<Reject> rejects) {
        // Parsed with the file-name rule so that no record is rejected for its id; the id rule applies below.
        ReadResult<Molecule> read = SdfLigandReader.parse(texts, f.path(), CompoundIdRule.fileName(),
                SmilesPolicy.FIRST_PER_COMPOUND);
        rejects.addAll(read.rejects());
        record Typed(Molecule molecule, String id, TypedAtoms ligand) {}
        List<Typed> typed = new ArrayList<>();
        Map<String, List<TypedAtoms>> byCompound = new LinkedHashMap<>();
        for (Molecule m : read.items()) {
            // An {id} in the pattern names every record of the file; else the --id-from rule.
            String id = f.id().isEmpty() ? ids.idFor(f.path(), m.title(), m.properties()) : f.id();
            if (id.isBlank()) {
                id = m.compoundId(); // the file name
            }
            TypedAtoms lig = sm.typer().typeLigand(m);
            if (lig.size() == 0) {
                rejects.add(new Reject(f.path().toString(), texts.get(m.record() - 1).where(), id,
                        "no heavy atoms: the typer gave none of the record's atoms a channel"));
                continue;
            }
            typed.add(new Typed(m, id, lig));
            byCompound.computeIfAbsent(id, k -> new ArrayList<>()).add(lig);
        }
        // Centers after the whole file is read: a run centred per compound uses all the compound's poses in it.
        List<Pose> poses = new ArrayList<>();
        for (Typed t : typed) {
            Molecule m = t.molecule();
            poses.add(new Pose(f.path(), f.target(), texts.get(m.record() - 1), t.id(), m.title(), t.ligand(),
                    sm.center(t.ligand(), byCompound.get(t.id()), f.target())));
        }
        return poses;
    }

    /** gnina's tags for one pose, values as gnina prints them (10 decimals). */
    private static Map<String, String> tags(PoseScore s) {
        Map<String, String> t = new LinkedHashMap<>();
        if (s.score().isPresent()) {
            t.put(TAG_SCORE, number(s.score().getAsDouble()));
        }
        t.put(TAG_AFFINITY, number(s.affinity()));
        if (s.score().isPresent()) {
            t.put(TAG_VS, number(s.score().getAsDouble() * s.affinity()));
        }
        if (s.members() > 1) {
            t.put(TAG_VARIANCE, number(s.affinityVariance()));
        }
        return t;
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.10f", v);
    }

    private static String line(Row r) {
        PoseScore s = r.score();
        StringBuilder b = new StringBuilder();
        b.append(r.file()).append(" record ").append(r.record()).append(" (").append(r.compound()).append("):");
        if (s.score().isPresent()) {
            b.append(String.format(Locale.ROOT, " CNNscore %.5f", s.score().getAsDouble()));
        }
        b.append(String.format(Locale.ROOT, " CNNaffinity %.5f", s.affinity()));
        if (s.members() > 1) {
            b.append(String.format(Locale.ROOT, " CNNvariance %.5f", s.affinityVariance()));
        }
        return b.toString();
    }

    /** One CSV row per compound (target, id): its poses' y combined, then read out as pK. */
    private static List<String> combine(List<Row> rows, Combination combination) {
        Map<List<String>, List<Row>> groups = new LinkedHashMap<>();
        for (Row r : rows) {
            groups.computeIfAbsent(List.of(r.target(), r.compound()), k -> new ArrayList<>()).add(r);
        }
        List<String> out = new ArrayList<>();
        PKReadout pk = new PKReadout();
        for (Map.Entry<List<String>, List<Row>> g : groups.entrySet()) {
            double[] y = new double[g.getValue().size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = g.getValue().get(i).score().y();
            }
            CombinationResult c = combination.forward(y);
            int best = 0;
            for (int i = 1; i < y.length; i++) {
                if (c.weight(i) > c.weight(best)) {
                    best = i;
                }
            }
            out.add(String.join(",", "compound", csvField(g.getKey().get(0)), "", "", csvField(g.getKey().get(1)), "",
                    Integer.toString(y.length), "", fmt(pk.apply(c.combined())), "", fmt(c.combined()),
                    combination.name(), csvField(g.getValue().get(best).file().toString()),
                    Integer.toString(g.getValue().get(best).record()), fmt(c.weight(best))));
        }
        return out;
    }

    private void writeCsv(List<Row> rows, List<String> compoundLines, Combination combination) {
        StringBuilder b = new StringBuilder("level,target,file,record,compound,title,poses,CNNscore,CNNaffinity,"
                + "CNNvariance,y_kt,combination,top_file,top_record,top_weight\n");
        for (Row r : rows) {
            PoseScore s = r.score();
            b.append(String.join(",", "pose", csvField(r.target()), csvField(r.file().toString()),
                    Integer.toString(r.record()), csvField(r.compound()), csvField(r.title()), "1",
                    s.score().isPresent() ? fmt(s.score().getAsDouble()) : "", fmt(s.affinity()),
                    s.members() > 1 ? fmt(s.affinityVariance()) : "", fmt(s.y()), "", "", "", "")).append('\n');
        }
        for (String l : compoundLines) {
            b.append(l).append('\n');
        }
        writeAtomically(csv, b.toString());
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    private static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private ProgressBar progress(long total) {
        if (quiet || !Terminal.isInteractive()) {
            return null;
        }
        return new ProgressBarBuilder().setTaskName("score").setInitialMax(total).setUnit(" poses", 1)
                .showSpeed().setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).setMaxRenderedLength(100)
                .build();
    }

    /** Writes {@code text} to {@code file} through a temporary file renamed into place. */
    private static void writeAtomically(Path file, String text) {
        try {
            Path abs = file.toAbsolutePath();
            Files.createDirectories(abs.getParent());
            Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
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
