package org.multipose.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Inputs of the {@code prepare} stage when a training config builds its dataset itself. Paths are resolved
 * relative to the config file's directory.
 *
 * @param poses        a directory of pose files (searched recursively) or a glob (e.g. {@code poses/*.sdf}); a path
 *                     segment {@code {target}} matches any name and makes it the target of the poses below it
 *                     ({@code data/{target}/poses/*.sdf})
 * @param receptors    target name → receptor file (PDB / mmCIF)
 * @param affinities   the affinity table (CSV); empty ({@code ~}) for poses without labels: every compound is
 *                     unlabelled and the dataset is for prediction only (training refuses it)
 * @param idFrom       where a pose's compound id comes from
 * @param target       the target of the poses when the pattern has no {@code {target}}, and of the labels when the
 *                     table has no target column; empty: the only receptor's target
 * @param columns      the affinity table's column names
 * @param sigmaLimitPk labels whose σ (pK units) exceeds this are excluded; infinity keeps all
 * @param poseIndexTag SD tag holding a pose's 1-based index (e.g. vina's rank); a record without it (or "" here)
 *                     takes its rank among its compound's records in the file
 * @param typer        the atom typer's registry name ({@code gnina}, {@code element}); checked against the registry
 *                     where the typers live (the typing stage), when a run starts
 */
public record PrepareConfig(
        @Required @Doc("directory of pose files (SDF/MOL2, searched recursively) or a glob such as poses/*.sdf;"
                + " a path segment {target} names the target, e.g. data/{target}/poses/*.sdf") Path poses,
        @Required @Size(min = 1) @Doc("target name → receptor file (PDB/mmCIF)") Map<String, Path> receptors,
        @Required @Doc("affinity table (CSV); ~: none, every compound unlabelled (a dataset to predict; training"
                + " refuses it)") Optional<Path> affinities,
        @Doc("where a pose's compound id comes from") IdSource idFrom,
        @Doc("target of the poses when `poses` has no {target}, and of the labels when the table has no target"
                + " column (~: the only receptor's)") Optional<String> target,
        @Doc("column names of the affinity table; optional columns are used when present") ColumnsConfig columns,
        @Range(min = 0, minOpen = true, infinite = true) @Doc(value = "exclude labels whose σ exceeds this (.inf keeps all)",
                unit = "pK") double sigmaLimitPk,
        @Doc("SD tag with a pose's 1-based index; without it (or with \"\") a pose's index is its rank among its"
                + " compound's records in the file") String poseIndexTag,
        @Doc("atom typer: gnina (28 XS channels, what gnina's models expect) or element") String typer) {

    public PrepareConfig {
        Objects.requireNonNull(poses, "poses");
        Objects.requireNonNull(affinities, "affinities");
        Objects.requireNonNull(idFrom, "idFrom");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(poseIndexTag, "poseIndexTag");
        Objects.requireNonNull(typer, "typer");
        if (typer.isBlank()) {
            throw new ConfigProblem("typer", "must not be blank; gnina or element");
        }
        receptors = Collections.unmodifiableMap(new TreeMap<>(receptors));
        if (receptors.isEmpty()) {
            throw new ConfigProblem("receptors", "needs at least one entry target: receptor-file");
        }
        if (target.isPresent() && target.get().isBlank()) {
            throw new ConfigProblem("target", "must not be blank; leave it out when the table has a target column");
        }
    }

    /** With the default typer ({@value #DEFAULT_TYPER}). */
    public PrepareConfig(Path poses, Map<String, Path> receptors, Optional<Path> affinities, IdSource idFrom,
            Optional<String> target, ColumnsConfig columns, double sigmaLimitPk, String poseIndexTag) {
        this(poses, receptors, affinities, idFrom, target, columns, sigmaLimitPk, poseIndexTag, DEFAULT_TYPER);
    }

    /** The default {@link #typer}: gnina's 28 XS channels. */
    public static final String DEFAULT_TYPER = "gnina";

    /** With an affinity table (the form every labelled dataset uses). */
    public PrepareConfig(Path poses, Map<String, Path> receptors, Path affinities, IdSource idFrom,
            Optional<String> target, ColumnsConfig columns, double sigmaLimitPk, String poseIndexTag) {
        this(poses, receptors, Optional.of(affinities), idFrom, target, columns, sigmaLimitPk, poseIndexTag);
    }

    /** The default {@link #poseIndexTag}: the tag AutoDock Vina pipelines and the bundled datasets write. */
    public static final String DEFAULT_POSE_INDEX_TAG = "pose_rank";

    /** These inputs with every other key at its default. */
    public static PrepareConfig of(Path poses, Map<String, Path> receptors, Path affinities) {
        return new PrepareConfig(poses, receptors, Optional.of(affinities), IdSource.TITLE, Optional.empty(),
                ColumnsConfig.defaults(), Double.POSITIVE_INFINITY, DEFAULT_POSE_INDEX_TAG);
    }

    /** Poses and receptors without labels (every compound unlabelled: a dataset to predict), other keys default. */
    public static PrepareConfig unlabelled(Path poses, Map<String, Path> receptors) {
        return new PrepareConfig(poses, receptors, Optional.empty(), IdSource.TITLE, Optional.empty(),
                ColumnsConfig.defaults(), Double.POSITIVE_INFINITY, DEFAULT_POSE_INDEX_TAG);
    }

    /** Placeholders for the loader; the three inputs are required keys, so their values here are never used. */
    static PrepareConfig defaults() {
        return of(Path.of("poses"), Map.of("target", Path.of("receptor.pdb")), Path.of("affinities.csv"));
    }
}
