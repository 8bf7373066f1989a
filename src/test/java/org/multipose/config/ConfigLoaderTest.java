package org.multipose.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.base.InputException;
import org.multipose.combination.GradientRoute;

/** Defaults, overrides, path resolution and the write → read round trip of training configs. */
class ConfigLoaderTest {

    private static final Path BASE = Path.of("/base/configs");

    private static TrainingConfig parse(String yaml, String... overrides) {
        return ConfigLoader.parse(yaml, "x.yaml", BASE, TrainingConfig.class, List.of(overrides));
    }

    /** The defaults the design asks for, as literals (the records' defaults() must not drift from them). */
    @Test
    void aMinimalConfigTakesTheDocumentedDefaults() {
        TrainingConfig c = parse("data:\n  dataset: ds\n");
        assertEquals(Optional.of(Path.of("/base/configs/ds")), c.data().dataset());
        assertEquals(42L, c.seed());
        assertEquals(2, c.threads());
        assertTrue(c.device().isCpu());
        assertEquals(SplitConfig.Method.RANDOM, c.split().method());
        assertEquals(List.of(0.8, 0.1, 0.1), c.split().fractions());
        assertEquals(42L, c.splitSeed());
        assertEquals(0.5, c.grid().resolution());
        assertEquals(23.5, c.grid().dimension());
        assertEquals(1.0, c.grid().radiusScale());
        assertEquals(1.0, c.grid().gaussianMultiple());
        assertFalse(c.grid().binary());
        assertEquals(GridSpec.Center.COMPOUND, c.grid().center());
        assertTrue(c.augment().rotate());
        assertEquals(2.0, c.augment().translate());
        assertEquals(0.0, c.augment().jitter());
        assertEquals(ModelConfig.Architecture.DEFAULT2018, c.model().architecture());
        assertEquals(0.0, c.model().dropout());
        assertEquals(CombinationConfig.Method.MEAN, c.combination().method());
        assertTrue(c.combination().negate());
        assertEquals(1000.0, c.combination().scale());
        assertEquals(1.0, c.combination().kt());
        assertEquals(GradientRoute.DICTIONARY, c.backward());
        assertEquals(ReadoutConfig.Kind.AUTO, c.readout().kind());
        assertEquals(298.15, c.readout().temperature());
        assertEquals(1, c.loss().size());
        assertEquals(LossConfig.Kind.MSE, c.loss().get(0).kind());
        assertEquals(OptimizerConfig.Kind.ADAM, c.optimizer().kind());
        assertEquals(1e-3, c.optimizer().lr());
        assertEquals(List.of(0.9, 0.999), c.optimizer().betas());
        assertEquals(1e-8, c.optimizer().eps());
        assertEquals(0.0, c.optimizer().weightDecay());
        assertEquals(0.9, c.optimizer().momentum());
        assertFalse(c.optimizer().nesterov());
        assertEquals(0.0, c.optimizer().clipNorm());
        assertEquals(ScheduleConfig.Kind.CONSTANT, c.schedule().kind());
        assertEquals(0L, c.training().checkpointEvery());
        assertEquals(EarlyStoppingConfig.Kind.NONE, c.training().earlyStopping().kind());
        assertEquals(1, c.training().ensemble());
        assertEquals(1, c.training().evalEvery());
        assertEquals(Path.of("/base/configs/runs"), c.output().runsDir());
        assertEquals(Optional.empty(), c.output().name());
    }

    @Test
    void yamlSpellingsOfNumbersAndOptionalKeys() {
        TrainingConfig c = parse("""
                data: {dataset: ds}
                seed: 1_000
                device: gpu:1
                optimizer: {lr: 3e-4, eps: 1.0E-7}
                split: {seed: 7}
                output: {name: ~}
                loss:
                  - {kind: range, upper: .inf, lower: 2}
                """);
        assertEquals(1000L, c.seed());
        assertEquals(new Device(1), c.device());
        assertEquals(3e-4, c.optimizer().lr());
        assertEquals(1e-7, c.optimizer().eps());
        assertEquals(7L, c.splitSeed());
        assertEquals(Optional.empty(), c.output().name());
        assertEquals(Double.POSITIVE_INFINITY, c.loss().get(0).upper());
        assertEquals(2.0, c.loss().get(0).lower());
    }

    @Test
    void overridesApplyOnTopOfTheFileInOrder() {
        String yaml = """
                data:
                  dataset: ds
                seed: 5
                loss:
                  - kind: mse
                  - kind: censored_mse
                """;
        TrainingConfig c = parse(yaml, "optimizer.lr=3e-4", "seed=6", "seed=7",
                "training.early_stopping.kind=best", "loss[1].weight=0.5", "split.fractions=[0.7, 0.2, 0.1]",
                "output.name=run1", "device=2", "grid.fixed_centers.tyk2=[1, 2.5, -3]", "grid.center=fixed");
        assertEquals(3e-4, c.optimizer().lr());
        assertEquals(7L, c.seed());
        assertEquals(EarlyStoppingConfig.Kind.BEST, c.training().earlyStopping().kind());
        assertEquals(50, c.training().epochs()); // siblings of an override keep their defaults
        assertEquals(1.0, c.loss().get(0).weight());
        assertEquals(0.5, c.loss().get(1).weight());
        assertEquals(List.of(0.7, 0.2, 0.1), c.split().fractions());
        assertEquals(Optional.of("run1"), c.output().name());
        assertEquals(new Device(2), c.device());
        assertEquals(Map.of("tyk2", List.of(1.0, 2.5, -3.0)), c.grid().fixedCenters());
    }

    @Test
    void overridesReplaceListsAndClearOptionalKeys() {
        TrainingConfig c = parse("data: {dataset: ds}\noutput: {name: a}\n",
                "loss=[{kind: gaussian_nll, sigma_min: 0.2}, {kind: hinge, weight: 0.25, rmsd_threshold: 2.5}]",
                "output.name=");
        assertEquals(2, c.loss().size());
        assertEquals(0.2, c.loss().get(0).sigmaMin());
        assertEquals(LossConfig.Kind.HINGE, c.loss().get(1).kind());
        assertEquals(2.5, c.loss().get(1).rmsdThreshold());
        assertEquals(0.8, c.normalisedLossWeights()[0], 1e-15);
        assertEquals(0.2, c.normalisedLossWeights()[1], 1e-15);
        assertEquals(Optional.empty(), c.output().name());
    }

    @Test
    void overrideAloneCanSupplyARequiredKey() {
        TrainingConfig c = parse("seed: 3\n", "data.dataset=/abs/ds");
        assertEquals(Optional.of(Path.of("/abs/ds")), c.data().dataset());
    }

    @Test
    void pathsResolveAgainstTheConfigFilesDirectoryAndOverridesAgainstTheWorkingDirectory(@TempDir Path tmp)
            throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("configs"));
        Path file = dir.resolve("x.yaml");
        Files.writeString(file, """
                data:
                  prepare:
                    poses: ../poses/*.sdf
                    receptors: {tyk2: receptors/tyk2.pdb, p38: /abs/p38.pdb}
                    affinities: ./aff.csv
                split:
                  method: manual
                  file: splits.csv
                """);
        TrainingConfig c = ConfigLoader.load(file, List.of());
        PrepareConfig p = c.data().prepare().orElseThrow();
        assertEquals(tmp.resolve("poses/*.sdf"), p.poses());
        assertEquals(Map.of("tyk2", dir.resolve("receptors/tyk2.pdb"), "p38", Path.of("/abs/p38.pdb")),
                p.receptors());
        assertEquals(Optional.of(dir.resolve("aff.csv")), p.affinities());
        assertEquals(Optional.of(dir.resolve("splits.csv")), c.split().file());
        assertEquals(dir.resolve("runs"), c.output().runsDir()); // a default path resolves like a written one

        TrainingConfig o = ConfigLoader.load(file, List.of("output.runs_dir=out/runs"));
        assertEquals(Path.of("").toAbsolutePath().resolve("out/runs"), o.output().runsDir());

        TrainingConfig h = ConfigLoader.load(file, List.of("split.file=~/s.csv"));
        assertEquals(Optional.of(Path.of(System.getProperty("user.home"), "s.csv")), h.split().file());
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path tmp) {
        Path file = tmp.resolve("nope.yaml");
        InputException e = assertThrows(InputException.class, () -> ConfigLoader.load(file, List.of()));
        assertEquals(file + ": config file not found", e.getMessage());
    }

    /** A config with a non-default value for nearly every key, including strings that need YAML quoting. */
    private static final String EVERYTHING = """
            seed: -3
            threads: 1
            device: gpu
            data:
              prepare:
                poses: poses
                receptors: {'yes': r1.pdb, '123': r 2.pdb, 'a: b': '#r3.pdb'}
                affinities: aff.csv
                id_from: tag:compound id
                target: 'null'
                columns: {id: 'ID: x', value: '  v', stderr: "it's", date: '2024-01-01'}
                sigma_limit_pk: 1.5
            split: {method: target, fractions: [0.6, 0.2, 0.2], holdout_targets: [p38, 'true'], seed: 11}
            grid:
              resolution: 0.375
              dimension: 16
              radius_scale: 0.9
              gaussian_multiple: -1.5
              binary: true
              center: fixed
              fixed_centers: {tyk2: [1.0e-3, -2, 3.25]}
            augment: {rotate: false, translate: 0, jitter: 0.25}
            model: {architecture: small, widths: [8, 16, 32], dropout: 0.125}
            combination: {method: max, negate: false, scale: 10, kt: 0.6}
            backward: batched
            readout:
              kind: kcal_mol
              temperature: 310
              cheng_prusoff: {p38: {substrate: 100, km: 25}}
            loss:
              - {kind: mse, weight: 2}
              - {kind: censored_mse}
              - {kind: gaussian_nll, sigma_min: 0.05}
              - {kind: range, lower: -.inf, upper: 14}
              - {kind: pose_ce, kt: 0.5, label: inverse_rmsd, weight: 0}
              - {kind: hinge, rmsd_threshold: 1.5}
            optimizer: {kind: sgd, lr: 0.1, betas: [0.5, 0.75], eps: 1e-6, weight_decay: 1e-4, momentum: 0.5,
                        nesterov: true, clip_norm: 5}
            schedule: {kind: plateau, step_size: 3, gamma: 0.5, warmup_epochs: 2, min_lr: 1e-6, factor: 0.25,
                       patience: 4, threshold: 0.01, cooldown: 1}
            training:
              epochs: 7
              batch_size: 3
              checkpoint_every: 100
              early_stopping: {kind: converged, patience: 2, burn_in: 3, threshold: 0.5, window: 4}
              ensemble: 5
              eval_every: 2
            output: {runs_dir: /abs/runs, name: my-run}
            """;

    @Test
    void writtenConfigReadsBackEqualFromAnotherDirectory(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("configs"));
        Files.writeString(dir.resolve("all.yaml"), EVERYTHING);
        TrainingConfig c = ConfigLoader.load(dir.resolve("all.yaml"), List.of());
        // spot checks that the values arrived as written
        PrepareConfig p = c.data().prepare().orElseThrow();
        assertEquals(dir.resolve("r 2.pdb"), p.receptors().get("123"));
        assertEquals(dir.resolve("#r3.pdb"), p.receptors().get("a: b"));
        assertEquals(new IdSource(IdSource.Kind.TAG, "compound id"), p.idFrom());
        assertEquals(Optional.of("null"), p.target());
        assertEquals("ID: x", p.columns().id());
        assertEquals("  v", p.columns().value());
        assertEquals("ci_lower", p.columns().ciLower());
        assertEquals(List.of("p38", "true"), c.split().holdoutTargets());
        assertEquals(-1.5, c.grid().gaussianMultiple());
        assertEquals(Optional.of(List.of(8, 16, 32)), c.model().widths());
        assertEquals(new ChengPrusoff(100, 25), c.readout().chengPrusoff().get("p38"));
        assertEquals(Double.NEGATIVE_INFINITY, c.loss().get(3).lower());
        assertEquals(LossConfig.PoseLabel.INVERSE_RMSD, c.loss().get(4).label());

        Path run = Files.createDirectories(tmp.resolve("elsewhere/run"));
        ConfigLoader.write(c, run.resolve("config.yaml"));
        TrainingConfig back = ConfigLoader.load(run.resolve("config.yaml"), List.of());
        assertEquals(c, back);
        // and the written text is a fixed point
        assertEquals(ConfigWriter.toYaml(c), ConfigWriter.toYaml(back));
        try (var files = Files.list(run)) {
            assertEquals(List.of(run.resolve("config.yaml")), files.toList()); // no temp file left behind
        }
    }

    @Test
    void defaultsRoundTripToo() {
        TrainingConfig c = parse("data: {dataset: ds}\n");
        assertEquals(c, ConfigLoader.parse(ConfigWriter.toYaml(c), "y.yaml", Path.of("/elsewhere"),
                TrainingConfig.class, List.of()));
    }

    @Test
    void runNameDefaultsToConfigNamePlusTimestamp() {
        TrainingConfig c = parse("data: {dataset: ds}\n");
        assertEquals("quickstart-20250102-030405",
                c.output().runName("quickstart.yaml", LocalDateTime.of(2025, 1, 2, 3, 4, 5)));
        assertEquals("r", parse("data: {dataset: ds}\noutput: {name: r}\n").output()
                .runName("quickstart.yaml", LocalDateTime.of(2025, 1, 2, 3, 4, 5)));
    }

    @Test
    void customScalarsParseTheirSpellings() {
        assertEquals(Device.CPU, Device.parse("cpu"));
        assertEquals(new Device(0), Device.parse("gpu"));
        assertEquals(new Device(3), Device.parse("gpu:3"));
        assertEquals(new Device(3), Device.parse("3"));
        assertEquals("gpu:3", new Device(3).toString());
        assertThrows(IllegalArgumentException.class, () -> Device.parse("gpu:-1"));
        assertEquals(new IdSource(IdSource.Kind.FOLDER, ""), IdSource.parse("folder"));
        assertEquals("tag:x", IdSource.parse("tag:x").toString());
        assertThrows(IllegalArgumentException.class, () -> IdSource.parse("tag:"));
    }

    @Test
    void typoHints() {
        assertEquals(Optional.of("lr"), Names.closest("lrr", List.of("kind", "lr", "betas")));
        assertEquals(Optional.of("weight"), Names.closest("wieght", List.of("kind", "weight")));
        assertEquals(Optional.empty(), Names.closest("learning_rate", List.of("kind", "lr", "betas")));
        assertEquals(Optional.empty(), Names.closest("lz", List.of("kt")));
        assertEquals(3, Names.distance("kitten", "sitting"));
        assertEquals(1, Names.distance("ab", "ba"));
    }

    @Test
    void anOverrideThatChangesTheVariantDropsTheOldVariantsKeysWithANote() {
        String yaml = "data:\n  dataset: ds\nsplit:\n  method: manual\n  file: splits.csv\n"
                + "loss:\n  - kind: range\n    upper: 12\noptimizer:\n  kind: sgd\n  nesterov: true\n";
        List<String> notes = new java.util.ArrayList<>();
        TrainingConfig c = ConfigLoader.parse(yaml, "x.yaml", BASE, TrainingConfig.class,
                List.of("split.method=random", "loss[0].kind=mse", "optimizer.kind=adam"), notes::add);
        assertEquals(SplitConfig.Method.RANDOM, c.split().method());
        assertEquals(Optional.empty(), c.split().file());
        assertEquals(LossConfig.Kind.MSE, c.loss().get(0).kind());
        assertEquals(Double.POSITIVE_INFINITY, c.loss().get(0).upper());
        assertFalse(c.optimizer().nesterov());
        assertEquals(List.of(
                "--set split.method=random: dropped split.file (x.yaml:5), which only applies to method manual",
                "--set loss[0].kind=mse: dropped loss[0].upper (x.yaml:8), which only applies to kind range",
                "--set optimizer.kind=adam: dropped optimizer.nesterov (x.yaml:11), which only applies to kind sgd"),
                notes);
        // an override that keeps the variant keeps its keys, and the file alone is still checked
        List<String> none = new java.util.ArrayList<>();
        TrainingConfig same = ConfigLoader.parse(yaml, "x.yaml", BASE, TrainingConfig.class,
                List.of("split.method=manual"), none::add);
        assertEquals(Optional.of(BASE.resolve("splits.csv")), same.split().file());
        assertEquals(List.of(), none);
        InputException inFile = assertThrows(InputException.class,
                () -> parse("data:\n  dataset: ds\nsplit:\n  method: random\n  file: s.csv\n"));
        assertEquals("x.yaml:5: split.file: only applies to method manual (method is random)", inFile.getMessage());
    }

    @Test
    void aKeySetForAnotherVariantNamesTheSetThatMakesItApply() {
        InputException e = assertThrows(InputException.class,
                () -> parse("data:\n  dataset: ds\n", "split.file=given.csv"));
        assertEquals("--set split.file=given.csv: split.file: only applies to method manual (method is random); add"
                + " --set split.method=manual", e.getMessage());
        InputException loss = assertThrows(InputException.class,
                () -> parse("data:\n  dataset: ds\nloss:\n  - kind: mse\n", "loss[0].upper=12"));
        assertEquals("--set loss[0].upper=12: loss[0].upper: only applies to kind range (this one is kind mse); add"
                + " --set loss[0].kind=range", loss.getMessage());
    }

    @Test
    void aPoseSelectionIsReadCheckedAndWrittenBack() {
        TrainingConfig c = parse("data:\n  dataset: ds\n  pose_selection:\n    top: 1\n    rank_by: CNNscore desc\n"
                + "    filter: [rmsd_to_reference <= 2, \"vina_score < -7.5\"]\n");
        PoseSelection s = c.data().poseSelection();
        assertEquals(Optional.of(1), s.top());
        assertEquals(new PoseRank(PoseRank.Kind.SCORE, "CNNscore", true), s.rankBy());
        assertEquals(List.of(new PoseFilter("rmsd_to_reference", PoseFilter.Op.LE, 2.0),
                new PoseFilter("vina_score", PoseFilter.Op.LT, -7.5)), s.filter());
        assertEquals("poses with rmsd_to_reference <= 2 and vina_score < -7.5, then top 1 by CNNscore desc",
                s.describe());
        assertEquals(c, ConfigLoader.parse(ConfigWriter.toYaml(c), "y.yaml", BASE, TrainingConfig.class, List.of()));
        assertEquals(PoseSelection.defaults(), parse("data:\n  dataset: ds\n").data().poseSelection());
        assertEquals("all poses", PoseSelection.defaults().describe());
        InputException bad = assertThrows(InputException.class,
                () -> parse("data:\n  dataset: ds\n  pose_selection:\n    filter: [rmsd <== 2]\n"));
        assertEquals("x.yaml:4: data.pose_selection.filter[0]: 'rmsd <== 2' is not a pose filter; write a condition"
                + " TAG OP NUMBER, OP one of <, <=, >, >=, ==, != (e.g. rmsd_to_reference <= 2)", bad.getMessage());
        InputException zero = assertThrows(InputException.class,
                () -> parse("data:\n  dataset: ds\n", "data.pose_selection.top=0"));
        assertEquals("--set data.pose_selection.top=0: data.pose_selection.top: must be >= 1, got 0",
                zero.getMessage());
        InputException rank = assertThrows(InputException.class,
                () -> parse("data:\n  dataset: ds\n", "data.pose_selection.rank_by=score up"));
        assertTrue(rank.getMessage().endsWith("'score up' is not a pose order; pose_index, file, or a score tag"
                + " (lowest first; 'TAG desc' for highest first)"), rank.getMessage());
    }

    /**
     * combination.scale belongs to method max: an override to another method drops the file's scale with a note,
     * and the scale a run's config.yaml holds for mean (the default, as every earlier run wrote it) still loads.
     */
    @Test
    void scaleFollowsTheMaxMethod() {
        String yaml = "data:\n  dataset: ds\ncombination: {method: max, negate: true, scale: 1.0}\n";
        assertEquals(1.0, parse(yaml).combination().scale());
        List<String> notes = new java.util.ArrayList<>();
        TrainingConfig mean = ConfigLoader.parse(yaml, "x.yaml", BASE, TrainingConfig.class,
                List.of("combination.method=mean"), notes::add);
        assertEquals(new CombinationConfig(CombinationConfig.Method.MEAN, true, 1000.0, 1.0, false), mean.combination());
        assertEquals(List.of("--set combination.method=mean: dropped combination.scale (x.yaml:3), which only applies"
                + " to method max"), notes);
        TrainingConfig written = parse("data:\n  dataset: ds\ncombination:\n  method: mean\n  negate: true\n"
                + "  scale: 1000.0\n  kt: 1.0\n  pose_prior: false\n");
        assertEquals(CombinationConfig.defaults(), written.combination());
    }
}
