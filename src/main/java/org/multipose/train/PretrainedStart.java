package org.multipose.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.multipose.base.InputException;
import org.multipose.config.GridSpec;
import org.multipose.config.TrainingConfig;
import org.multipose.data.DatasetMetadata;
import org.multipose.model.FloatTensor;
import org.multipose.model.GninaRegistry;
import org.multipose.model.GninaWeights;
import org.multipose.model.LayerPattern;
import org.multipose.model.ModelSpec;
import org.multipose.model.NamedTensors;
import org.multipose.model.PoseModel;
import org.multipose.typing.AtomTyper;
import org.multipose.typing.TypingSpec;

/**
 * A run that starts from gnina's pretrained weights ({@code model.pretrained: gnina:NAME}, docs/guide/training.md,
 * "Fine-tuning gnina's pretrained models"): which weight file each ensemble member starts from, the network it is,
 * what the config and the dataset must be for those weights to mean what they were trained to mean, and the loading
 * itself.
 *
 * <ul>
 *   <li><b>Members.</b> A single model ({@code gnina:crossdock_default2018}) starts every member of
 *       {@code training.ensemble} from its file; an ensemble entry ({@code gnina:default}, {@code gnina:NAME_ensemble})
 *       gives one member per file, so {@code training.ensemble} follows it (left at 1, or equal to the entry's
 *       size). Each member has its own seed (shuffling, re-initialised layers) as in any ensemble.</li>
 *   <li><b>Grid and typing.</b> gnina's networks read 28 channels (its 14 receptor + 14 ligand XS types, default
 *       maps) on 48³ points at 0.5 Å (23.5 Å) of libmolgrid's density (radius scale 1, Gaussian multiple 1, not
 *       binary). Any other grid setting or dataset typing is refused with the field and the fix.</li>
 *   <li><b>Re-initialised layers</b> ({@code model.reinit}) keep the values drawn from the member's seed (Xavier);
 *       all other parameters are loaded.</li>
 * </ul>
 */
public final class PretrainedStart {

    private PretrainedStart() {
    }

    /** The registry name of {@code config}'s pretrained entry (without {@code gnina:}), or empty. */
    static Optional<String> name(TrainingConfig config) {
        return config.model().pretrainedName();
    }

    /**
     * The config a run records: {@code model.weights_dir} set to the folder the weights are read from (the
     * {@code --weights-dir} option, else the config's key, else {@value GninaRegistry#ENV}) and
     * {@code training.ensemble} set to the entry's size for an ensemble entry. Checks that every member's file is
     * there. A config without {@code model.pretrained} is returned as it is.
     *
     * @throws InputException naming what is missing or inconsistent
     */
    public static TrainingConfig resolve(TrainingConfig config, Optional<Path> weightsDir, Map<String, String> env) {
        Optional<String> name = name(config);
        if (name.isEmpty()) {
            if (weightsDir.isPresent()) {
                throw new InputException("--weights-dir is for model.pretrained: gnina:NAME; this config has no"
                        + " model.pretrained (drop --weights-dir)");
            }
            return config;
        }
        validate(config);
        GninaRegistry registry;
        try {
            registry = GninaRegistry.resolve(weightsDir, config.model().weightsDir(), env);
        } catch (InputException e) {
            throw new InputException("model.pretrained " + config.model().pretrained().get() + ": " + e.getMessage(),
                    e);
        }
        registry.files(name.get());
        List<String> members = GninaRegistry.members(name.get());
        TrainingConfig out = config.withModel(config.model().withWeightsDir(
                registry.weightsDir().toAbsolutePath().normalize()));
        if (members.size() > 1) {
            out = out.withTraining(config.training().withEnsemble(members.size()));
        }
        return out;
    }

    /**
     * The checks that need no file: a known registry name, the ensemble size, gnina's grid, and the freeze and reinit
     * patterns against every member's parameter names.
     *
     * @throws InputException naming the key and the fix
     */
    static void validate(TrainingConfig config) {
        String given = config.model().pretrained().orElseThrow();
        String name = name(config).orElseThrow();
        List<String> registered;
        try {
            registered = GninaRegistry.members(name);
        } catch (InputException e) {
            throw new InputException("model.pretrained: " + e.getMessage(), e);
        }
        int ensemble = config.training().ensemble();
        if (registered.size() > 1 && ensemble != 1 && ensemble != registered.size()) {
            throw new InputException("training.ensemble: " + ensemble + ", but model.pretrained " + given + " has "
                    + registered.size() + " members (" + String.join(", ", registered) + "), one per ensemble"
                    + " member; leave training.ensemble at 1 (it follows the entry) or set it to "
                    + registered.size());
        }
        requireGrid(config.grid(), given);
        // A pattern must match in at least one of the entry's networks (gnina:default mixes Dense and default2018).
        List<String> names = new ArrayList<>();
        for (String member : new LinkedHashSet<>(registered)) {
            names.addAll(PoseModel.parameterNames(GninaRegistry.specOf(member)));
        }
        names = List.copyOf(new LinkedHashSet<>(names));
        try {
            LayerPattern.select(patterns(config.model().freeze()), names, "model.freeze", given);
            LayerPattern.select(patterns(config.model().reinit()), names, "model.reinit", given);
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage(), e);
        }
    }

    private static List<LayerPattern> patterns(List<String> texts) {
        return texts.stream().map(LayerPattern::new).toList();
    }

    /**
     * The parameters of {@code spec} that {@code patterns} name, counting only the patterns that match in it (in an
     * ensemble of different networks a pattern may belong to another member's network).
     */
    static Set<String> selectIn(List<String> patterns, ModelSpec spec) {
        List<String> names = PoseModel.parameterNames(spec);
        List<LayerPattern> apply = new ArrayList<>();
        for (LayerPattern lp : patterns(patterns)) {
            if (names.stream().anyMatch(lp::matches)) {
                apply.add(lp);
            }
        }
        return apply.isEmpty() ? Set.of() : LayerPattern.select(apply, names, "model", spec.architecture());
    }

    /**
     * gnina's grid, or an error naming the first field that differs and its fix.
     *
     * @param model names the pretrained entry in the message
     */
    static void requireGrid(GridSpec grid, String model) {
        GridSpec gnina = GridSpec.defaults();
        String why = model + " was trained on gnina's grid (0.5 Å resolution, 23.5 Å side: 48³ points, radius scale"
                + " 1, Gaussian multiple 1, density not binary)";
        if (grid.resolution() != gnina.resolution()) {
            throw new InputException("grid.resolution: " + grid.resolution() + " Å, but " + why + "; set"
                    + " grid.resolution: " + gnina.resolution());
        }
        if (grid.dimension() != gnina.dimension()) {
            throw new InputException("grid.dimension: " + grid.dimension() + " Å, but " + why + "; set"
                    + " grid.dimension: " + gnina.dimension());
        }
        if (grid.radiusScale() != gnina.radiusScale()) {
            throw new InputException("grid.radius_scale: " + grid.radiusScale() + ", but " + why + "; set"
                    + " grid.radius_scale: " + gnina.radiusScale());
        }
        if (grid.gaussianMultiple() != gnina.gaussianMultiple()) {
            throw new InputException("grid.gaussian_multiple: " + grid.gaussianMultiple() + ", but " + why + "; set"
                    + " grid.gaussian_multiple: " + gnina.gaussianMultiple());
        }
        if (grid.binary()) {
            throw new InputException("grid.binary: true, but " + why + "; set grid.binary: false");
        }
    }

    /**
     * The dataset must be typed as gnina types: its default 14 + 14 XS channel maps with their radii.
     *
     * @throws InputException naming the first differing field and the fix
     */
    static void requireTyping(DatasetMetadata dataset, Path where, String model) {
        TypingSpec gnina = AtomTyper.gninaDefault().spec();
        Optional<TypingSpec> ours = dataset.typingSpec();
        String difference;
        if (ours.isPresent()) {
            difference = gnina.difference(ours.get()).orElse("");
        } else {
            difference = DatasetMetadata.of(gnina).channelNames().equals(dataset.channelNames())
                    && "gnina".equals(dataset.typer()) ? "" : "typer " + dataset.typer() + ", "
                    + dataset.channelNames().size() + " channels";
        }
        if (!difference.isEmpty()) {
            throw new InputException(where + ": " + model + " reads gnina's 28 channels (14 receptor + 14 ligand XS"
                    + " types, default maps), but the dataset differs: " + difference + " (gnina vs dataset);"
                    + " prepare it with the gnina typer (prepare's default, --typer gnina)");
        }
    }

    /**
     * The members' weight files' stems, one per ensemble member, in member order: an ensemble entry's members, or
     * a single model's stem repeated {@code training.ensemble} times.
     */
    static List<String> members(TrainingConfig config) {
        List<String> registered = GninaRegistry.members(name(config).orElseThrow());
        if (registered.size() > 1) {
            return registered;
        }
        List<String> out = new ArrayList<>();
        for (int m = 0; m < config.training().ensemble(); m++) {
            out.add(registered.get(0));
        }
        return out;
    }

    /** The network of member {@code member} (1-based). */
    static ModelSpec spec(TrainingConfig config, int member) {
        return GninaRegistry.specOf(members(config).get(member - 1));
    }

    /** The file member {@code member} (1-based) starts from. */
    static Path file(TrainingConfig config, int member) {
        Path dir = config.model().weightsDir().orElseThrow(() -> new InputException("model.pretrained "
                + config.model().pretrained().get() + ": the run's config has no model.weights_dir; give the"
                + " weights folder with --weights-dir DIR"));
        return new GninaRegistry(dir).files(members(config).get(member - 1)).get(0);
    }

    /** The parameters of {@code spec} that {@code model.reinit} names. */
    static Set<String> reinit(TrainingConfig config, ModelSpec spec) {
        return selectIn(config.model().reinit(), spec);
    }

    /**
     * Member {@code member}'s starting model: Xavier values from {@code seed} for the re-initialised parameters,
     * the weight file's for all others (and for Dense's BatchNorm statistics). The caller closes it.
     *
     * @throws InputException when the file cannot be read or is not the network the registry says
     */
    static PoseModel load(TrainingConfig config, int member, long seed) {
        ModelSpec spec = spec(config, member);
        Path file = file(config, member);
        PoseModel model = PoseModel.create(spec, seed);
        try {
            NamedTensors pretrained;
            try (PoseModel loaded = GninaWeights.load(file)) {
                spec.requireSame(loaded.spec(), file.toString());
                pretrained = loaded.weights();
            }
            Set<String> fresh = reinit(config, spec);
            if (!fresh.isEmpty()) {
                NamedTensors own = model.weights();
                Map<String, FloatTensor> mixed = new java.util.LinkedHashMap<>(pretrained.entries());
                for (String n : fresh) {
                    mixed.put(n, own.get(n));
                }
                pretrained = new NamedTensors(mixed);
            }
            model.loadWeights(pretrained, file.toString());
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
