package org.multipose.cli.options;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.multipose.base.InputException;
import org.multipose.config.ColumnsConfig;
import org.multipose.config.ConfigLoader;
import org.multipose.config.IdSource;
import org.multipose.config.PoseSelection;
import org.multipose.config.PrepareConfig;
import org.multipose.config.TrainingConfig;
import org.multipose.typing.AtomTyper;
import org.multipose.typing.Typers;
import picocli.CommandLine.Option;

/**
 * The input options of {@code prepare} (shared with {@code bench prepare}): pose pattern, receptors, affinity table
 * and its columns, or a training config whose {@code data.prepare} section gives them; and the typer their
 * {@code --typer} option names.
 */
public final class PrepareInputs {

    @Option(names = "--poses", paramLabel = "PATTERN",
            description = "pose files: a file, a directory (searched recursively) or a glob (poses/*.sdf); a path"
                    + " segment {target} names each file's target, e.g. 'data/{target}/poses/*.sdf' (quote it)")
    String poses;

    @Option(names = "--receptor", paramLabel = "TARGET=FILE",
            description = "receptor PDB of a target; repeat for several targets; a bare FILE for a single target"
                    + " (named by --target, else by the file name)")
    List<String> receptors = new ArrayList<>();

    @Option(names = "--affinities", paramLabel = "CSV",
            description = "affinity table (CSV); without it every compound is unlabelled (poses to predict)")
    Path affinities;

    @Option(names = "--target", paramLabel = "NAME",
            description = "target of the poses when --poses has no {target}, and of the labels when the table has"
                    + " no target column (default: the only receptor's)")
    String target;

    @Option(names = "--id-from", paramLabel = "title|tag:NAME|file|folder",
            description = "where a pose's compound id comes from (default: title)")
    String idFrom;

    @Option(names = "--column", paramLabel = "KEY=NAME",
            description = "affinity table column for KEY: id (default compound_id), value, measure, unit, qualifier,"
                    + " stderr, ci_lower, ci_upper, target, date (default: the key's name); repeatable")
    List<String> columns = new ArrayList<>();

    @Option(names = "--sigma-limit", paramLabel = "PK",
            description = "drop labels whose σ exceeds this, in pK units (default: keep all)")
    Double sigmaLimit;

    @Option(names = "--pose-index-tag", paramLabel = "TAG",
            description = "SD tag holding a pose's 1-based index (default: pose_rank; '' = rank in the file)")
    String poseIndexTag;

    @Option(names = "--config", paramLabel = "FILE",
            description = "a training config whose data.prepare section gives the inputs (instead of the options"
                    + " above)")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a key of --config (repeatable)")
    List<String> overrides = new ArrayList<>();

    /** The {@code data.pose_selection} of {@code --config}, once {@link #toConfig} has read it. */
    private PoseSelection configSelection = PoseSelection.defaults();

    /**
     * The inputs from the options or from the config.
     *
     * @throws InputException naming a missing or conflicting option
     */
    public PrepareConfig toConfig() {
        return toConfig(note -> { });
    }

    /**
     * The inputs from the options or from the config; {@code notes} receives a line per config key a {@code --set}
     * dropped.
     *
     * @throws InputException naming a missing or conflicting option
     */
    public PrepareConfig toConfig(Consumer<String> notes) {
        if (config != null) {
            List<String> given = new ArrayList<>();
            if (poses != null) {
                given.add("--poses");
            }
            if (!receptors.isEmpty()) {
                given.add("--receptor");
            }
            if (affinities != null) {
                given.add("--affinities");
            }
            if (target != null) {
                given.add("--target");
            }
            if (idFrom != null) {
                given.add("--id-from");
            }
            if (!columns.isEmpty()) {
                given.add("--column");
            }
            if (sigmaLimit != null) {
                given.add("--sigma-limit");
            }
            if (poseIndexTag != null) {
                given.add("--pose-index-tag");
            }
            if (!given.isEmpty()) {
                throw new InputException("--config takes the inputs from the config; drop " + String.join(", ", given)
                        + " or override config keys with --set data.prepare.KEY=VALUE");
            }
            TrainingConfig c = ConfigLoader.load(config, overrides, notes);
            configSelection = c.data().poseSelection();
            return c.data().prepare().orElseThrow(() -> new InputException(config + ": data.prepare is not set"
                    + " (this config trains on the prepared dataset data.dataset); give a config with a data.prepare"
                    + " section, or the inputs as options (--poses, --receptor, --affinities)"));
        }
        if (!overrides.isEmpty()) {
            throw new InputException("--set overrides keys of --config; without --config give the inputs as options");
        }
        if (poses == null) {
            throw new InputException("--poses PATTERN is missing: the pose files (a directory, a file, or a glob such"
                    + " as 'poses/*.sdf'), or give --config FILE");
        }
        if (receptors.isEmpty()) {
            throw new InputException("--receptor is missing: the receptor PDB (--receptor FILE, or --receptor"
                    + " TARGET=FILE per target)");
        }
        if (affinities == null) {
            List<String> tableOptions = new ArrayList<>();
            if (!columns.isEmpty()) {
                tableOptions.add("--column");
            }
            if (sigmaLimit != null) {
                tableOptions.add("--sigma-limit");
            }
            if (!tableOptions.isEmpty()) {
                throw new InputException("affinity table options without --affinities (" + String.join(", ",
                        tableOptions) + "); give --affinities CSV, or drop them to prepare unlabelled poses");
            }
        }
        if (target != null && target.isBlank()) {
            throw new InputException("--target is blank; give a target name or leave the option out");
        }
        IdSource ids = IdSource.TITLE;
        if (idFrom != null) {
            try {
                ids = IdSource.parse(idFrom);
            } catch (IllegalArgumentException e) {
                throw new InputException("--id-from " + e.getMessage());
            }
        }
        if (sigmaLimit != null && !(sigmaLimit > 0)) {
            throw new InputException("--sigma-limit " + sigmaLimit + ": give a σ in pK units > 0");
        }
        try {
            return new PrepareConfig(Path.of(poses), receptorMap(), Optional.ofNullable(affinities), ids,
                    Optional.ofNullable(target), columnsConfig(),
                    sigmaLimit == null ? Double.POSITIVE_INFINITY : sigmaLimit,
                    poseIndexTag == null ? PrepareConfig.DEFAULT_POSE_INDEX_TAG : poseIndexTag.trim());
        } catch (IllegalArgumentException e) {
            throw new InputException("prepare options: " + e.getMessage(), e);
        }
    }

    private Map<String, Path> receptorMap() {
        return receptorMap(receptors, target);
    }

    /**
     * Target → receptor file from {@code --receptor} values: {@code TARGET=FILE} each, or one bare {@code FILE}
     * named by {@code target} (when given) or the file's name ({@code receptor.pdb} → {@code receptor}).
     *
     * @throws InputException for a bare file among several, an empty side, or a target given twice
     */
    public static Map<String, Path> receptorMap(List<String> receptors, String target) {
        Map<String, Path> m = new LinkedHashMap<>();
        for (String r : receptors) {
            int eq = r.indexOf('=');
            String name;
            Path file;
            if (eq > 0 && r.substring(0, eq).indexOf('/') < 0) {
                name = r.substring(0, eq).trim();
                file = Path.of(r.substring(eq + 1).trim());
            } else {
                if (receptors.size() > 1) {
                    throw new InputException("--receptor " + r + ": with several receptors name each target:"
                            + " --receptor TARGET=FILE");
                }
                file = Path.of(r.trim());
                name = target != null ? target : stem(file);
            }
            if (name.isEmpty() || file.toString().isEmpty()) {
                throw new InputException("--receptor " + r + ": give TARGET=FILE or FILE");
            }
            if (m.put(name, file) != null) {
                throw new InputException("--receptor: target '" + name + "' is given twice");
            }
        }
        return m;
    }

    /** {@code rec.pdb.gz} → {@code rec}. */
    static String stem(Path file) {
        String n = file.getFileName() == null ? "" : file.getFileName().toString();
        if (n.toLowerCase(Locale.ROOT).endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private ColumnsConfig columnsConfig() {
        ColumnsConfig d = ColumnsConfig.defaults();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("value", d.value());
        m.put("measure", d.measure());
        m.put("unit", d.unit());
        m.put("qualifier", d.qualifier());
        m.put("stderr", d.stderr());
        m.put("ci_lower", d.ciLower());
        m.put("ci_upper", d.ciUpper());
        m.put("target", d.target());
        m.put("date", d.date());
        for (String c : columns) {
            int eq = c.indexOf('=');
            String key = eq < 0 ? c : c.substring(0, eq).trim();
            if (eq < 0 || !m.containsKey(key) || c.substring(eq + 1).isBlank()) {
                throw new InputException("--column " + c + ": give KEY=NAME with KEY one of "
                        + String.join(", ", m.keySet()));
            }
            m.put(key, c.substring(eq + 1).trim());
        }
        return new ColumnsConfig(m.get("id"), m.get("value"), m.get("measure"), m.get("unit"), m.get("qualifier"),
                m.get("stderr"), m.get("ci_lower"), m.get("ci_upper"), m.get("target"), m.get("date"));
    }

    /**
     * The typer a {@code --typer} value names.
     *
     * @throws InputException for another name
     */
    public static AtomTyper typer(String name) {
        return Typers.create(name, "--typer");
    }

    /**
     * The typer of a prepare-like command: its {@code --typer} when given (non-null), else the config's
     * {@code data.prepare.typer} (gnina for inputs given as options).
     *
     * @throws InputException for an unknown name, naming the option or key
     */
    public static AtomTyper typer(String option, PrepareConfig config) {
        return option != null ? typer(option) : Typers.create(config.typer(), "data.prepare.typer");
    }

    /** The {@code data.pose_selection} of {@code --config} (every pose without one); call {@link #toConfig} first. */
    public PoseSelection configPoseSelection() {
        return configSelection;
    }

    /** True when no input was given at all (neither options nor --config). */
    public boolean isEmpty() {
        return config == null && poses == null && receptors.isEmpty() && affinities == null;
    }
}
