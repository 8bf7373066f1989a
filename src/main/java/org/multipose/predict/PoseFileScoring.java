package org.multipose.predict;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.multipose.base.InputException;
import org.multipose.base.Reject;
import org.multipose.combination.Combination;
import org.multipose.combination.CombinationResult;
import org.multipose.combination.PKReadout;
import org.multipose.config.CombinationConfig;
import org.multipose.data.PoseFiles;
import org.multipose.structure.CompoundIdRule;
import org.multipose.structure.LigandReader;
import org.multipose.structure.Molecule;
import org.multipose.structure.PdbReceptorReader;
import org.multipose.structure.ReadResult;
import org.multipose.structure.ReceptorOptions;
import org.multipose.structure.ReceptorRead;
import org.multipose.structure.SdfLigandReader;
import org.multipose.structure.SdfLigandReader.RecordText;
import org.multipose.structure.SmilesPolicy;
import org.multipose.train.Combinations;
import org.multipose.typing.TypedAtoms;

/**
 * The steps of {@code score} that do not depend on where they run: the pose files a {@code --ligand} pattern names,
 * the receptor typed as the model expects, a file's (or a record range's) poses read, typed and centred, a batch of
 * poses scored, one compound's poses combined, and the CSV rows and SD tags. {@code pipeline score} runs them on one
 * machine ({@code org.multipose.cli.ScoreCommand}); {@code pipeline spark score} runs the same steps in Spark tasks,
 * so both give the same values.
 */
public final class PoseFileScoring {

    /** SD tag: the pose score, mean over members of softmax(pose logits)₁. */
    public static final String TAG_SCORE = "CNNscore";
    /** SD tag: the predicted affinity, pK, mean over members. */
    public static final String TAG_AFFINITY = "CNNaffinity";
    /** SD tag: CNNscore × CNNaffinity (gnina's virtual-screening score). */
    public static final String TAG_VS = "CNN_VS";
    /** SD tag: the population variance of the members' affinities, pK² (ensembles only). */
    public static final String TAG_VARIANCE = "CNNaffinity_variance";

    /** The CSV columns, pose rows and compound rows alike. */
    public static final List<String> CSV_COLUMNS = List.of("level", "target", "file", "record", "compound", "title",
            "poses", "CNNscore", "CNNaffinity", "CNNvariance", "y_kt", "combination", "top_file", "top_record",
            "top_weight");

    /** The CSV header line (without its newline). */
    public static final String CSV_HEADER = String.join(",", CSV_COLUMNS);

    private PoseFileScoring() {}

    /**
     * One pose ready to score.
     *
     * @param record the record's text, numbered as in its file
     * @param center the grid center, Å
     */
    public record Pose(Path file, String target, RecordText record, String compound, String title,
            TypedAtoms ligand, double[] center) {
    }

    /** One scored pose: where it came from (file and 1-based record number), its compound and title, its scores. */
    public record ScoredPose(Path file, String target, int record, String compound, String title, PoseScore score) {
    }

    /**
     * One compound's poses combined.
     *
     * @param poses       poses combined
     * @param pk          the combination read out as pK
     * @param combinedKt  the combined free energy, kT
     * @param combination the combination's name
     * @param topFile     file of the pose of largest weight (the first of equal weights)
     * @param topRecord   its record number
     * @param topWeight   its weight
     */
    public record CompoundScore(String target, String compound, int poses, double pk, double combinedKt,
            String combination, Path topFile, int topRecord, double topWeight) {
    }

    /**
     * A {@code --combine} value as a combination: max (smooth minimum of the free energies, scale 1000/kT), mean
     * or boltzmann (kT = 1); null for null.
     *
     * @throws InputException for another name
     */
    public static Combination combination(String name) {
        if (name == null) {
            return null;
        }
        // The training registry with its defaults: smooth minimum at scale 1000/kT, Boltzmann at kT = 1.
        String method = name.trim().toLowerCase(Locale.ROOT);
        if (Combinations.REGISTRY.find(method).isEmpty()) {
            throw new InputException("--combine " + name + ": use " + Combinations.REGISTRY.choices());
        }
        return Combinations.create(method, CombinationConfig.defaults());
    }

    /**
     * An {@code --id-from} value as a rule (title, tag:NAME, file or folder).
     *
     * @throws InputException for another form
     */
    public static CompoundIdRule idRule(String idFrom) {
        try {
            return CompoundIdRule.parse(idFrom);
        } catch (IllegalArgumentException e) {
            throw new InputException("--id-from " + e.getMessage());
        }
    }

    /**
     * The SD files the {@code --ligand} patterns name, each with its target (the {@code {target}} folder, else
     * {@code target}, else the only receptor's); pose files of another format become rejects.
     *
     * @throws InputException when a file's target has no receptor, the target is ambiguous, or no SD file is left
     */
    public static List<PoseFiles.PoseFile> ligandFiles(List<String> patterns, Map<String, Path> receptorFiles,
            Optional<String> target, List<Reject> rejects) {
        List<PoseFiles.PoseFile> out = new ArrayList<>();
        for (String pattern : patterns) {
            PoseFiles pf = PoseFiles.expand(pattern);
            rejects.addAll(pf.rejects());
            for (PoseFiles.PoseFile f : pf.files()) {
                String t = f.target();
                if (t.isEmpty()) {
                    if (target.isPresent()) {
                        t = target.get();
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
            throw new InputException("--ligand " + String.join(" ", patterns) + ": no SD file to score"
                    + (rejects.isEmpty() ? "" : " (" + rejects.get(0).file() + ": " + rejects.get(0).reason() + ")"));
        }
        return out;
    }

    /**
     * The receptor typed as the model expects; gnina models keep waters, as gnina reads every atom. Atoms the
     * reader skipped go to {@code skipped}.
     */
    public static TypedAtoms typeReceptor(ScoreModel sm, Path file, Consumer<Reject> skipped) {
        ReceptorOptions options = sm.isGnina() ? ReceptorOptions.defaults().withWaters(true)
                : ReceptorOptions.defaults();
        ReceptorRead rr = PdbReceptorReader.read(file, options);
        rr.rejects().forEach(skipped);
        return sm.typer().typeReceptor(rr.receptor());
    }

    /**
     * Parses and types the records {@code texts} of one file (all of them, or a run of consecutive records numbered
     * as in the file); records that cannot be scored become rejects naming file and record.
     *
     * @param fileId the text an {@code {id}} placeholder matched for the file ("" for none: the {@code ids} rule)
     */
    public static List<Pose> read(Path file, String target, String fileId, List<RecordText> texts, ScoreModel sm,
            CompoundIdRule ids, List<Reject> rejects) {
        if (texts.isEmpty()) {
            return List.of();
        }
        int first = texts.get(0).number();
        // Parsed with the file-name rule so that no record is rejected for its id; the id rule applies below.
        ReadResult<Molecule> read = SdfLigandReader.parse(texts, file, CompoundIdRule.fileName(),
                SmilesPolicy.FIRST_PER_COMPOUND);
        rejects.addAll(read.rejects());
        record Typed(Molecule molecule, String id, TypedAtoms ligand) {}
        List<Typed> typed = new ArrayList<>();
        Map<String, List<TypedAtoms>> byCompound = new LinkedHashMap<>();
        for (Molecule m : read.items()) {
            // An {id} in the pattern names every record of the file; else the --id-from rule.
            String id = fileId.isEmpty() ? ids.idFor(file, m.title(), m.properties()) : fileId;
            if (id.isBlank()) {
                id = m.compoundId(); // the file name
            }
            TypedAtoms lig = sm.typer().typeLigand(m);
            if (lig.size() == 0) {
                rejects.add(new Reject(file.toString(), texts.get(m.record() - first).where(), id,
                        "no heavy atoms: the typer gave none of the record's atoms a channel"));
                continue;
            }
            typed.add(new Typed(m, id, lig));
            byCompound.computeIfAbsent(id, k -> new ArrayList<>()).add(lig);
        }
        // Centers after all records are read: a run centred per compound uses all the compound's poses in them.
        List<Pose> poses = new ArrayList<>();
        for (Typed t : typed) {
            Molecule m = t.molecule();
            poses.add(new Pose(file, target, texts.get(m.record() - first), t.id(), m.title(), t.ligand(),
                    sm.center(t.ligand(), byCompound.get(t.id()), target)));
        }
        return poses;
    }

    /** Scores poses of one receptor, in order (the scorer batches them). */
    public static List<ScoredPose> score(PoseBatchScorer scorer, TypedAtoms receptor, List<Pose> poses) {
        List<TypedAtoms> ligs = new ArrayList<>(poses.size());
        List<double[]> centers = new ArrayList<>(poses.size());
        for (Pose p : poses) {
            ligs.add(p.ligand());
            centers.add(p.center());
        }
        List<PoseScore> scores = scorer.score(receptor, ligs, centers);
        List<ScoredPose> out = new ArrayList<>(poses.size());
        for (int k = 0; k < poses.size(); k++) {
            Pose p = poses.get(k);
            out.add(new ScoredPose(p.file(), p.target(), p.record().number(), p.compound(), p.title(),
                    scores.get(k)));
        }
        return out;
    }

    /** One row per compound (target, id), in order of first appearance: its poses' y combined. */
    public static List<CompoundScore> combine(List<ScoredPose> rows, Combination combination) {
        Map<List<String>, List<ScoredPose>> groups = new LinkedHashMap<>();
        for (ScoredPose r : rows) {
            groups.computeIfAbsent(List.of(r.target(), r.compound()), k -> new ArrayList<>()).add(r);
        }
        List<CompoundScore> out = new ArrayList<>();
        for (Map.Entry<List<String>, List<ScoredPose>> g : groups.entrySet()) {
            out.add(combine(g.getKey().get(0), g.getKey().get(1), g.getValue(), combination));
        }
        return out;
    }

    /**
     * One compound's poses combined: their y (in the order given, which decides the floating-point sum and the
     * first of equal weights) through {@code combination}, read out as pK, with the top pose and its weight.
     */
    public static CompoundScore combine(String target, String compound, List<ScoredPose> poses,
            Combination combination) {
        double[] y = new double[poses.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = poses.get(i).score().y();
        }
        CombinationResult c = combination.forward(y);
        int best = 0;
        for (int i = 1; i < y.length; i++) {
            if (c.weight(i) > c.weight(best)) {
                best = i;
            }
        }
        return new CompoundScore(target, compound, y.length, new PKReadout().apply(c.combined()), c.combined(),
                combination.name(), poses.get(best).file(), poses.get(best).record(), c.weight(best));
    }

    /** gnina's tags for one pose, values as gnina prints them (10 decimals). */
    public static Map<String, String> tags(PoseScore s) {
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

    /** The console line of one pose (5 decimals). */
    public static String line(ScoredPose r) {
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

    /** A pose's CSV fields, {@link #CSV_COLUMNS} in order, unquoted ("" for an empty field; numbers to 6 decimals). */
    public static List<String> csvFields(ScoredPose r) {
        PoseScore s = r.score();
        return List.of("pose", r.target(), r.file().toString(), Integer.toString(r.record()), r.compound(), r.title(),
                "1", s.score().isPresent() ? fmt(s.score().getAsDouble()) : "", fmt(s.affinity()),
                s.members() > 1 ? fmt(s.affinityVariance()) : "", fmt(s.y()), "", "", "", "");
    }

    /** A compound's CSV fields, {@link #CSV_COLUMNS} in order, unquoted ("" for an empty field). */
    public static List<String> csvFields(CompoundScore c) {
        return List.of("compound", c.target(), "", "", c.compound(), "", Integer.toString(c.poses()), "", fmt(c.pk()),
                "", fmt(c.combinedKt()), c.combination(), c.topFile().toString(), Integer.toString(c.topRecord()),
                fmt(c.topWeight()));
    }

    /** A pose's CSV line (without its newline). */
    public static String csvLine(ScoredPose r) {
        return csvLine(csvFields(r));
    }

    /** A compound's CSV line (without its newline). */
    public static String csvLine(CompoundScore c) {
        return csvLine(csvFields(c));
    }

    private static String csvLine(List<String> fields) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(csvField(fields.get(i)));
        }
        return b.toString();
    }

    /** A number in the CSV: 6 decimals. */
    public static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    /** A CSV field, quoted (RFC 4180) when it holds a comma, a quote or a newline. */
    public static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
