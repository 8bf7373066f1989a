package org.multipose.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.multipose.base.InputException;

/**
 * Every kind of config error, with the exact one-line message: {@code file:line: key.path: problem}. Line numbers
 * are those of the YAML text blocks below (line 1 = "data:").
 */
class ConfigErrorsTest {

    private static final String FILE = "configs/x.yaml";
    private static final String DATA = "data:\n  dataset: ds\n"; // lines 1-2 of most inputs

    private static String error(String yaml, String... overrides) {
        InputException e = assertThrows(InputException.class,
                () -> ConfigLoader.parse(yaml, FILE, Path.of("/base"), TrainingConfig.class, List.of(overrides)));
        return e.getMessage();
    }

    @Test
    void badEnumNamesTheAllowedValues() {
        assertEquals("configs/x.yaml:4: optimizer.kind: 'adamm' is not one of adam, adamw, sgd",
                error(DATA + "optimizer:\n  kind: adamm\n"));
        assertEquals("configs/x.yaml:3: backward: 'batch' is not one of dictionary, batched",
                error(DATA + "backward: batch\n"));
        // the combination module's third route is not a training route
        assertEquals("configs/x.yaml:3: backward: 'pose_by_pose' is not one of dictionary, batched",
                error(DATA + "backward: pose_by_pose\n"));
        assertEquals("--set backward=pose_by_pose: backward: 'pose_by_pose' is not one of dictionary, batched",
                error(DATA, "backward=pose_by_pose"));
        assertEquals("configs/x.yaml:5: loss[1].kind: 'mae' is not one of mse, censored_mse, gaussian_nll, range,"
                + " pose_ce, hinge, pose_class", error(DATA + "loss:\n  - kind: mse\n  - kind: mae\n"));
    }

    @Test
    void unknownKeysAtEveryDepthWithSuggestion() {
        assertEquals("configs/x.yaml:3: optimiser: unknown key; did you mean 'optimizer'?",
                error(DATA + "optimiser:\n  lr: 0.1\n"));
        assertEquals("configs/x.yaml:4: optimizer.lrr: unknown key; did you mean 'lr'?",
                error(DATA + "optimizer:\n  lrr: 0.1\n"));
        assertEquals("configs/x.yaml:5: training.early_stopping.patiense: unknown key; did you mean 'patience'?",
                error(DATA + "training:\n  early_stopping:\n    patiense: 3\n"));
        assertEquals("configs/x.yaml:5: loss[0].wieght: unknown key; did you mean 'weight'?",
                error(DATA + "loss:\n  - kind: mse\n    wieght: 2\n"));
        assertEquals("configs/x.yaml:2: data.datset: unknown key; did you mean 'dataset'?", error("data:\n  datset: d\n"));
    }

    @Test
    void unknownKeyWithoutACloseNameListsTheAllowedKeys() {
        assertEquals("configs/x.yaml:3: foo: unknown key; allowed: seed, threads, device, data, split, grid, augment,"
                + " model, combination, backward, readout, loss, optimizer, schedule, training, evaluation, output",
                error(DATA + "foo: 1\n"));
        assertEquals("configs/x.yaml:4: augment.flip: unknown key; allowed: rotate, translate, jitter, per_pose",
                error(DATA + "augment:\n  flip: true\n"));
    }

    @Test
    void wrongTypes() {
        assertEquals("configs/x.yaml:3: threads: expected an integer >= 1, got 'two'", error(DATA + "threads: two\n"));
        assertEquals("configs/x.yaml:4: augment.rotate: expected true or false, got '3'",
                error(DATA + "augment:\n  rotate: 3\n"));
        assertEquals("configs/x.yaml:4: training.epochs: expected an integer >= 0, got '2.5'",
                error(DATA + "training:\n  epochs: 2.5\n"));
        assertEquals("configs/x.yaml:4: optimizer.lr: expected a number > 0 and finite, got 'fast'",
                error(DATA + "optimizer:\n  lr: fast\n"));
        assertEquals("configs/x.yaml:4: split.fractions: expected a list of 3 numbers in [0, 1], got '0.5'",
                error(DATA + "split:\n  fractions: 0.5\n"));
        assertEquals("configs/x.yaml:3: optimizer: expected a mapping with keys kind, lr, betas, eps, weight_decay,"
                + " momentum, nesterov, clip_norm, pretrained_lr, got 'adam'", error(DATA + "optimizer: adam\n"));
        assertEquals("configs/x.yaml:4: output.name: expected a text, got a list",
                error(DATA + "output:\n  name: [a]\n"));
        assertEquals("configs/x.yaml:3: threads: needs a value: an integer >= 1", error(DATA + "threads: ~\n"));
        assertEquals("configs/x.yaml:3: seed: '99999999999999999999' is too large for a long",
                error(DATA + "seed: 99999999999999999999\n"));
        assertEquals("configs/x.yaml:3: device: 'gpu:x' is not a device; cpu, gpu, gpu:N or a GPU index N",
                error(DATA + "device: gpu:x\n"));
        assertEquals("configs/x.yaml:4: data.prepare.id_from: 'name' is not one of title, tag:NAME, file, folder",
                error("data:\n  prepare:\n    poses: p\n    id_from: name\n    receptors: {t: r.pdb}\n"
                        + "    affinities: a.csv\n"));
    }

    @Test
    void outOfRange() {
        assertEquals("configs/x.yaml:4: optimizer.lr: must be > 0 and finite, got -1e-3", error(DATA + "optimizer:\n  lr: -1e-3\n"));
        assertEquals("configs/x.yaml:4: model.dropout: must be in [0, 1), got 1", error(DATA + "model:\n  dropout: 1\n"));
        assertEquals("configs/x.yaml:3: threads: must be >= 1, got 0", error(DATA + "threads: 0\n"));
        assertEquals("configs/x.yaml:4: split.fractions[2]: must be in [0, 1], got -0.1",
                error(DATA + "split:\n  fractions: [0.9, 0.2, -0.1]\n"));
        assertEquals("configs/x.yaml:4: split.fractions: must sum to 1, they sum to 0.9",
                error(DATA + "split:\n  fractions: [0.5, 0.2, 0.2]\n"));
        assertEquals("configs/x.yaml:4: optimizer.betas: needs exactly 2 entries, got 1",
                error(DATA + "optimizer:\n  betas: [0.9]\n"));
        assertEquals("configs/x.yaml:4: optimizer.betas[1]: must be in [0, 1), got 1.0",
                error(DATA + "optimizer:\n  betas: [0.9, 1.0]\n"));
        assertEquals("configs/x.yaml:6: grid.fixed_centers.tyk2: needs exactly 3 entries, got 2",
                error(DATA + "grid:\n  center: fixed\n  fixed_centers:\n    tyk2: [1.0, 2.0]\n"));
        assertEquals("configs/x.yaml:4: grid.gaussian_multiple: the Gaussian radius multiple must be between 0.1 and"
                + " 10.0 in absolute value (got 0.0); use e.g. 1.0 (libmolgrid's default), or a negative value such as"
                + " -1.5 for the truncated mode", error(DATA + "grid:\n  gaussian_multiple: 0\n"));
        // the grid maker's limits are the config's: one record, validated once, at load
        assertEquals("configs/x.yaml:4: grid.gaussian_multiple: the Gaussian radius multiple must be between 0.1 and"
                + " 10.0 in absolute value (got -11.0); use e.g. 1.0 (libmolgrid's default), or a negative value"
                + " such as -1.5 for the truncated mode", error(DATA + "grid:\n  gaussian_multiple: -11\n"));
        assertEquals("configs/x.yaml:3: grid: dimension / resolution gives 301 points per side, more than 256; use a"
                + " coarser resolution or a smaller dimension", error(DATA + "grid:\n  resolution: 0.1\n  dimension: 30\n"));
        assertEquals("configs/x.yaml:3: loss: the weights sum to 0; give at least one term a positive weight",
                error(DATA + "loss:\n  - {kind: mse, weight: 0}\n"));
    }

    @Test
    void bothOrNeitherOfDatasetAndPrepare() {
        String both = """
                data:
                  dataset: ds
                  prepare:
                    poses: p
                    receptors: {tyk2: r.pdb}
                    affinities: a.csv
                """;
        assertEquals("configs/x.yaml:1: data: give exactly one of dataset, prepare (both are set)", error(both));
        assertEquals("configs/x.yaml:2: data: give exactly one of dataset, prepare (neither is set)",
                error("seed: 1\ndata: {}\n"));
    }

    @Test
    void missingRequiredKeysAreNamedAtTheirSection() {
        assertEquals("configs/x.yaml:1: data: missing required key (a mapping with keys dataset, prepare, pose_selection)",
                error("seed: 1\n"));
        assertEquals("configs/x.yaml:1: data: missing required key (a mapping with keys dataset, prepare, pose_selection)", error(""));
        assertEquals("configs/x.yaml:2: data.prepare.receptors: missing required key (a mapping of name → path)",
                error("data:\n  prepare:\n    poses: p\n    affinities: a.csv\n"));
        assertEquals("configs/x.yaml:4: loss[0].kind: missing required key (one of mse, censored_mse, gaussian_nll,"
                + " range, pose_ce, hinge, pose_class)", error(DATA + "loss:\n  - weight: 2\n"));
        assertEquals("configs/x.yaml:5: readout.cheng_prusoff.p38.km: missing required key (a number > 0 and finite)",
                error(DATA + "readout:\n  cheng_prusoff:\n    p38: {substrate: 10}\n"));
        assertEquals("configs/x.yaml:3: split.file: method manual needs a split file (file: splits.csv)",
                error(DATA + "split:\n  method: manual\n"));
    }

    @Test
    void aMisspeltKeyIsNamedBeforeAMissingOne() {
        assertEquals("configs/x.yaml:2: optimizer.kind: 'adamm' is not one of adam, adamw, sgd",
                error("optimizer:\n  kind: adamm\n"));
    }

    @Test
    void keysOfAnotherVariantAreRejected() {
        assertEquals("configs/x.yaml:5: loss[0].lower: only applies to kind range (this one is kind mse)",
                error(DATA + "loss:\n  - kind: mse\n    lower: 2\n"));
        assertEquals("configs/x.yaml:4: split.holdout_targets: only applies to method target (method is random)",
                error(DATA + "split:\n  holdout_targets: [tyk2]\n"));
        assertEquals("configs/x.yaml:5: optimizer.nesterov: only applies to kind sgd (kind is adam)",
                error(DATA + "optimizer:\n  kind: adam\n  nesterov: true\n"));
        assertEquals("configs/x.yaml:5: combination.scale: only applies to method max (method is mean); remove"
                + " scale, or set method: max to use it", error(DATA + "combination:\n  method: mean\n  scale: 5\n"));
        assertEquals("configs/x.yaml:4: combination.scale: only applies to method max (method is boltzmann); remove"
                + " scale, or set method: max to use it", error(DATA + "combination: {method: boltzmann,\n  scale: 5}\n"));
        assertEquals("--set combination.scale=2: combination.scale: only applies to method max (method is mean); remove"
                + " scale, or set method: max to use it; add --set combination.method=max",
                error(DATA, "combination.scale=2"));
        assertEquals("configs/x.yaml:6: loss[0].upper: must be greater than lower (5.0)",
                error(DATA + "loss:\n  - kind: range\n    lower: 5\n    upper: 4\n"));
    }

    @Test
    void duplicateKeysNameBothLines() {
        assertEquals("configs/x.yaml:4: seed: duplicate key (first given at configs/x.yaml:3)",
                error(DATA + "seed: 1\nseed: 2\n"));
    }

    @Test
    void yamlSyntaxErrorsNameTheLine() {
        String m = error(DATA + "optimizer:\n  lr: [0.1\n");
        assertTrue(m.startsWith("configs/x.yaml:5: not valid YAML: "), m);
        assertEquals("configs/x.yaml:1: a config must be a mapping of keys (seed: 42, data: ..., ...)",
                error("- a\n- b\n"));
    }

    @Test
    void badOverridesAreNamed() {
        assertEquals("--set optimizer.lr: expected key.path=value, e.g. --set optimizer.lr=3e-4",
                error(DATA, "optimizer.lr"));
        assertEquals("--set optimizer.lr=-1: optimizer.lr: must be > 0 and finite, got -1", error(DATA, "optimizer.lr=-1"));
        assertEquals("--set optimizer.lrr=1: optimizer.lrr: unknown key; did you mean 'lr'?",
                error(DATA, "optimizer.lrr=1"));
        assertEquals("--set optimizer.kind=adamm: optimizer.kind: 'adamm' is not one of adam, adamw, sgd",
                error(DATA, "optimizer.kind=adamm"));
        assertEquals("--set split.fractions=[0.5, 0.5]: split.fractions: needs exactly 3 entries, got 2",
                error(DATA, "split.fractions=[0.5, 0.5]"));
        assertEquals("--set loss[3].weight=1: loss[3]: no such entry; the list has 1 entry",
                error(DATA + "loss:\n  - kind: mse\n", "loss[3].weight=1"));
        assertEquals("--set loss[0].weight=1: loss is not in the config file, so its entries cannot be set one by"
                + " one; set the whole list, e.g. --set 'loss=[...]'", error(DATA, "loss[0].weight=1"));
        assertEquals("--set optimizer.betas[x]=1: a list index must look like [0] (expected key.path=value, e.g."
                + " loss[0].weight=0.5)", error(DATA, "optimizer.betas[x]=1"));
        assertEquals("--set device.x=1: device: expected one of cpu, gpu, gpu:N or a GPU index N, got a mapping",
                error(DATA, "device.x=1"));
        assertEquals("--set seed.x=1: seed: expected an integer, got a mapping", error(DATA + "seed: 3\n", "seed.x=1"));
        assertEquals("--set data.dataset.x=1: data.dataset: expected a path, got a mapping",
                error(DATA, "data.dataset.x=1"));
        assertEquals("--set optimizer.betas.x=1: optimizer.betas is not a mapping here, so x cannot be set (replace"
                + " the whole of optimizer.betas instead)", error(DATA + "optimizer:\n  betas: [0.9, 0.99]\n",
                        "optimizer.betas.x=1"));
        String m = error(DATA, "loss=[{kind: mse");
        assertTrue(m.startsWith("--set loss=[{kind: mse: the value is not valid YAML: "), m);
        assertEquals("--set threads=0: threads: must be >= 1, got 0", error(DATA + "threads: 4\n", "threads=0"));
    }
}
