package org.multipose.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.multipose.base.InputException;

/**
 * gnina's pretrained models by the names {@code gnina --cnn} takes, resolved to weight files in one folder (the
 * repository ships none; docs/guide/scoring-gnina.md says where they come from):
 * <ul>
 *   <li>a single model: {@code crossdock_default2018}, {@code general_default2018}, {@code redock_default2018},
 *       {@code dense}, each also with a suffix {@code _1} … {@code _4} (five trainings with different seeds);</li>
 *   <li>{@code <name>_ensemble}: the five, {@code <name>} and {@code <name>_1} … {@code <name>_4};</li>
 *   <li>{@code default}: gnina's own default ensemble, {@code dense}, {@code general_default2018_3},
 *       {@code dense_3}, {@code crossdock_default2018}, {@code redock_default2018_2}.</li>
 * </ul>
 * Each member is the file {@code <member>.pt} in the folder. The folder is, in this order of precedence, the
 * {@code --weights-dir} option, the config key {@code model.weights_dir}, or the environment variable
 * {@value #ENV} ({@link #resolve}).
 *
 * @param weightsDir the folder holding the {@code .pt} files
 */
public record GninaRegistry(Path weightsDir) {

    /** The environment variable naming the weights folder. */
    public static final String ENV = "MULTIPOSE_GNINA_WEIGHTS";
    /** The prefix model names carry on the command line ({@code gnina:dense}). */
    public static final String PREFIX = "gnina:";
    /** The architectures' base names, each available as name and name_1 … name_4. */
    public static final List<String> FAMILIES = List.of("crossdock_default2018", "general_default2018",
            "redock_default2018", "dense");
    /** gnina's default ensemble (its {@code --cnn} default since 1.0). */
    public static final List<String> DEFAULT_ENSEMBLE = List.of("dense", "general_default2018_3", "dense_3",
            "crossdock_default2018", "redock_default2018_2");
    /** Suffix of an ensemble name. */
    public static final String ENSEMBLE = "_ensemble";
    /** The input channels of every gnina model: 14 receptor + 14 ligand XS types. */
    public static final int CHANNELS = 28;

    public GninaRegistry {
        Objects.requireNonNull(weightsDir, "weightsDir");
    }

    /**
     * The registry over the first folder given: {@code option} ({@code --weights-dir}), else {@code config}
     * ({@code model.weights_dir}), else the environment's {@value #ENV}.
     *
     * @throws InputException when none is given, or the chosen one is not a directory (naming where it came from)
     */
    public static GninaRegistry resolve(Optional<Path> option, Optional<Path> config, Map<String, String> env) {
        Path dir;
        String from;
        if (option.isPresent()) {
            dir = option.get();
            from = "--weights-dir";
        } else if (config.isPresent()) {
            dir = config.get();
            from = "model.weights_dir";
        } else if (env.get(ENV) != null && !env.get(ENV).isBlank()) {
            dir = Path.of(env.get(ENV).trim());
            from = "$" + ENV;
        } else {
            throw new InputException("gnina models need gnina's weight files (dense.pt, crossdock_default2018.pt,"
                    + " ...): name their folder with --weights-dir DIR, the config key model.weights_dir, or the"
                    + " environment variable " + ENV + " (docs/guide/scoring-gnina.md)");
        }
        if (!Files.isDirectory(dir)) {
            throw new InputException(from + " " + dir + ": no such directory; point it at the folder holding gnina's"
                    + " .pt weight files");
        }
        return new GninaRegistry(dir);
    }

    /** True when {@code name} is one of the names this registry knows (without the {@code gnina:} prefix). */
    public static boolean knows(String name) {
        if (name.equals("default")) {
            return true;
        }
        String base = name.endsWith(ENSEMBLE) ? name.substring(0, name.length() - ENSEMBLE.length()) : name;
        for (String f : FAMILIES) {
            if (base.equals(f)) {
                return true;
            }
            if (!name.endsWith(ENSEMBLE) && base.startsWith(f + "_") && base.substring(f.length() + 1).matches("[1-4]")) {
                return true;
            }
        }
        return false;
    }

    /** Every name accepted, in documentation order. */
    public static List<String> names() {
        List<String> out = new ArrayList<>();
        out.add("default");
        for (String f : FAMILIES) {
            out.add(f);
            for (int i = 1; i <= 4; i++) {
                out.add(f + "_" + i);
            }
            out.add(f + ENSEMBLE);
        }
        return out;
    }

    /**
     * The member models of {@code name}, by file stem: one for a single model, five for an ensemble.
     *
     * @throws InputException for an unknown name, listing the known ones
     */
    public static List<String> members(String name) {
        if (!knows(name)) {
            throw new InputException("unknown gnina model '" + name + "'; known: default, " + String.join(", ",
                    FAMILIES) + " (each also as NAME_1 … NAME_4 and NAME_ensemble)");
        }
        if (name.equals("default")) {
            return DEFAULT_ENSEMBLE;
        }
        if (name.endsWith(ENSEMBLE)) {
            String base = name.substring(0, name.length() - ENSEMBLE.length());
            return List.of(base, base + "_1", base + "_2", base + "_3", base + "_4");
        }
        return List.of(name);
    }

    /**
     * The network a member (a file stem such as {@code dense_3} or {@code crossdock_default2018}) is, without reading
     * its file: gnina's Dense or default2018 on 28 channels of 48³ points, with both heads, the affinity head in pK.
     * {@link GninaWeights#load} gives the same spec from the file itself.
     *
     * @throws InputException for a name that is not a single model of the registry
     */
    public static ModelSpec specOf(String member) {
        if (!knows(member) || member.equals("default") || member.endsWith(ENSEMBLE)) {
            throw new InputException("'" + member + "' is not one of gnina's single models; known: " + String.join(
                    ", ", FAMILIES) + " (each also as NAME_1 … NAME_4)");
        }
        boolean dense = member.equals("dense") || member.startsWith("dense_");
        return new ModelSpec(dense ? ModelSpec.DENSE : ModelSpec.DEFAULT2018, CHANNELS, GninaWeights.GRID_POINTS,
                dense ? ModelSpec.DENSE_WIDTHS : ModelSpec.DEFAULT2018_WIDTHS, true, AffinityHead.PK);
    }

    /**
     * The weight files of {@code name}'s members, checked to exist.
     *
     * @throws InputException for an unknown name, or naming the missing files and what the folder holds
     */
    public List<Path> files(String name) {
        List<Path> out = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String m : members(name)) {
            Path p = weightsDir.resolve(m + ".pt");
            if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                missing.add(m + ".pt");
            }
        }
        if (!missing.isEmpty()) {
            List<String> present = available();
            throw new InputException(PREFIX + name + " needs " + String.join(", ", missing) + ", not in " + weightsDir
                    + " (it holds " + (present.isEmpty() ? "no .pt file" : String.join(", ", present)) + "); copy"
                    + " the file(s) there or point --weights-dir at the folder that has them");
        }
        return out;
    }

    /** The model names the folder has a weight file for (file stems of {@code *.pt}), sorted. */
    public List<String> available() {
        try (Stream<Path> s = Files.list(weightsDir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".pt"))
                    .map(n -> n.substring(0, n.length() - 3)).sorted().toList();
        } catch (IOException e) {
            throw new InputException(weightsDir + ": cannot list the weights folder (" + e.getMessage() + ")");
        }
    }

    /**
     * Loads {@code name}'s members, one {@link PoseModel} per weight file, in member order (the caller closes them).
     *
     * @throws InputException for an unknown name, a missing or unreadable file
     */
    public List<PoseModel> load(String name) {
        List<PoseModel> models = new ArrayList<>();
        try {
            for (Path p : files(name)) {
                models.add(GninaWeights.load(p));
            }
        } catch (RuntimeException e) {
            models.forEach(PoseModel::close);
            throw e;
        }
        return models;
    }
}
