package org.multipose.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.multipose.cli.CliRun.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.model.FloatTensor;
import org.multipose.model.GninaWeights;
import org.multipose.model.PoseModel;
import org.multipose.model.TensorFile;
import org.multipose.testsupport.SharedData;

/**
 * {@code train} from gnina's pretrained weights ({@code model.pretrained}).
 * <ul>
 *   <li>Settings that cannot work are one line, exit code 2, and no run directory: a name without {@code gnina:}
 *       (with its file and line), an unknown entry, another grid than gnina's, a freeze pattern that matches no
 *       layer, an ensemble size that contradicts the entry, everything frozen, zero epochs without pretrained
 *       weights, widths next to pretrained weights, a missing weights folder.</li>
 *   <li>With the real weights and gnina's three reference complexes (skipped without ../shared/data): a zero-shot
 *       run ({@code training.epochs: 0}) predicts exactly what gnina printed (CNNaffinity of
 *       {@code crossdock_default2018} and of gnina's 5-member {@code default} ensemble, 1e-4 pK: the file's
 *       rounding), and a fine-tuning run with the first four stages frozen leaves them equal to the file's values,
 *       moves the rest, and runs from the trunk cache.</li>
 * </ul>
 */
class FineTuneCommandTest {

    @TempDir
    Path tmp;

    private Path config(String extra) throws IOException {
        Path c = tmp.resolve("ft.yaml");
        Files.writeString(c, "data: {dataset: " + tmp.resolve("no-dataset") + "}\n"
                + "output: {runs_dir: " + tmp.resolve("runs") + ", name: ft}\n" + extra);
        return c;
    }

    private void assertRefused(String extra, String fragment, String... more) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--config", config(extra).toString(),
                "--quiet"));
        args.addAll(List.of(more));
        CliRun r = run(args.toArray(String[]::new));
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(fragment), r.err());
        assertFalse(r.err().contains("internal error"), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertFalse(Files.exists(tmp.resolve("runs/ft")), "no run directory");
    }

    @Test
    void settingsThatCannotWorkAreOneLineEach() throws IOException {
        assertRefused("model: {pretrained: crossdock_default2018}\n", "ft.yaml:3: model.pretrained:"
                + " 'crossdock_default2018' is not gnina:NAME");
        assertRefused("model: {pretrained: 'gnina:crossdock_2018'}\n", "model.pretrained: unknown gnina model"
                + " 'crossdock_2018'");
        assertRefused("model: {pretrained: 'gnina:crossdock_default2018'}\ngrid: {resolution: 1.0}\n",
                "grid.resolution: 1.0 Å, but gnina:crossdock_default2018 was trained on gnina's grid (0.5 Å"
                        + " resolution, 23.5 Å side: 48³ points, radius scale 1, Gaussian multiple 1, density not"
                        + " binary); set grid.resolution: 0.5");
        assertRefused("model: {pretrained: 'gnina:crossdock_default2018', freeze: [unit1_conv, unit9_conv]}\n",
                "model.freeze[1]: 'unit9_conv' matches no parameter of gnina:crossdock_default2018; its layers are"
                        + " unit1_conv, unit2_conv, unit3_conv, unit4_conv, unit5_conv, affinity_output, pose_output");
        assertRefused("model: {pretrained: 'gnina:default'}\ntraining: {ensemble: 3}\n", "training.ensemble: 3, but"
                + " model.pretrained gnina:default has 5 members (dense, general_default2018_3, dense_3,"
                + " crossdock_default2018, redock_default2018_2), one per ensemble member");
        assertRefused("model: {pretrained: 'gnina:redock_default2018_2', freeze: ['unit?_conv', affinity_output]}\n",
                "model.freeze: every parameter of default2018 that reaches the loss is frozen, so there is nothing"
                        + " to train");
        assertRefused("training: {epochs: 0}\n", "ft.yaml:3: training: epochs: 0 (zero-shot: predict with"
                + " pretrained weights as they are) needs model.pretrained");
        assertRefused("model: {pretrained: 'gnina:dense', widths: [8, 8, 8, 8, 8]}\n", "model.widths: the network"
                + " of model.pretrained gnina:dense has its own widths; drop model.widths");
        assertRefused("optimizer: {pretrained_lr: 0.0001}\n", "optimizer: pretrained_lr only applies with"
                + " model.pretrained");
        assertRefused("model: {pretrained: 'gnina:dense'}\n", "model.pretrained gnina:dense: --weights-dir "
                + tmp.resolve("none") + ": no such directory", "--weights-dir", tmp.resolve("none").toString());
    }

    /** r1 + l1 as target r1, r2 + l2 as target r2, prepared with labels pKi 6 and 7; returns the dataset. */
    private Path referenceDataset(Path reference) throws IOException {
        for (String t : List.of("1", "2")) {
            Path dir = Files.createDirectories(tmp.resolve("poses/r" + t));
            Files.copy(reference.resolve("l" + t + ".sdf"), dir.resolve("l" + t + ".sdf"));
        }
        Files.writeString(tmp.resolve("affinities.csv"), "target,compound_id,measure,value\nr1,l1,pKi,6\nr2,l2,pKi,7\n");
        Path ds = tmp.resolve("ds");
        CliRun p = run("prepare", "--poses", tmp.resolve("poses") + "/{target}/*.sdf", "--id-from", "file",
                "--receptor", "r1=" + reference.resolve("r1.pdb"), "--receptor", "r2=" + reference.resolve("r2.pdb"),
                "--affinities", tmp.resolve("affinities.csv").toString(), "--out", ds.toString(), "--quiet");
        assertEquals(0, p.exit(), p.out() + p.err());
        Files.writeString(tmp.resolve("split.csv"), "target,compound_id,split\nr1,l1,train\nr2,l2,test\n");
        return ds;
    }

    private Path runConfig(Path ds, Path weights, String name, String extra) throws IOException {
        Path c = tmp.resolve(name + ".yaml");
        Files.writeString(c, "threads: 1\n"
                + "data: {dataset: " + ds + "}\n"
                + "split: {method: manual, file: " + tmp.resolve("split.csv") + "}\n"
                + "grid: {center: ligand}\n"
                + "augment: {rotate: false, translate: 0.0, jitter: 0.0}\n"
                + "combination: {method: max, scale: 1.0}\n"
                + "backward: batched\n"
                + "output: {runs_dir: " + tmp.resolve("runs") + ", name: " + name + "}\n"
                + "model: {weights_dir: " + weights + ", " + extra + "}\n");
        return c;
    }

    /** predicted pK by compound id from a run's predictions.csv. */
    private static Map<String, Double> predicted(Path run) throws IOException {
        List<String> lines = Files.readAllLines(run.resolve("predictions.csv"));
        List<String> header = List.of(lines.get(0).split(",", -1));
        Map<String, Double> out = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            out.put(f[header.indexOf("compound_id")], Double.parseDouble(f[header.indexOf("predicted_pk")]));
        }
        return out;
    }

    @Test
    void zeroShotIsGninaAndFineTuningKeepsTheFrozenStages() throws IOException {
        Path gnina = SharedData.require().resolve("gnina-models");
        Path weights = gnina.resolve("weights");
        Path ds = referenceDataset(gnina.resolve("reference"));
        // gnina_scores.csv: CNNaffinity of r1+l1 and r2+l2
        Map<String, Double> gninaPk = new HashMap<>();
        for (String line : Files.readAllLines(gnina.resolve("reference/gnina_scores.csv"))) {
            String[] f = line.split(",", -1);
            if ((f[1] + f[2]).equals("r1.pdbl1.sdf") || (f[1] + f[2]).equals("r2.pdbl2.sdf")) {
                gninaPk.put(f[0] + "/" + f[2].substring(0, 2), Double.parseDouble(f[4]));
            }
        }
        for (String model : List.of("crossdock_default2018", "default")) {
            String name = "zs-" + model;
            CliRun r = run("train", "--config", runConfig(ds, weights, name, "pretrained: 'gnina:" + model + "'")
                    .toString(), "--set", "training.epochs=0", "--quiet");
            assertEquals(0, r.exit(), r.out() + r.err());
            Map<String, Double> pk = predicted(tmp.resolve("runs/" + name));
            for (String l : List.of("l1", "l2")) {
                assertEquals(gninaPk.get(model + "/" + l), pk.get(l), 1e-4, model + " " + l);
            }
            assertTrue(Files.readString(tmp.resolve("runs/" + name + "/train.log")).contains(
                    "zero-shot (training.epochs: 0)"));
        }
        assertTrue(Files.isDirectory(tmp.resolve("runs/zs-default/member-5/checkpoints/epoch-0000")),
                "gnina:default gives 5 members");

        CliRun r = run("train", "--config", runConfig(ds, weights, "ft", "pretrained: 'gnina:crossdock_default2018',"
                + " freeze: ['unit[1-4]_conv']").toString(), "--quiet");
        assertEquals(2, r.exit(), "a bracket is not a pattern: " + r.err());
        r = run("train", "--config", runConfig(ds, weights, "ft", "pretrained: 'gnina:crossdock_default2018',"
                + " freeze: [unit1_conv, unit2_conv, unit3_conv, unit4_conv]").toString(), "--set",
                "training={epochs: 2, batch_size: 1}", "--set", "combination.pose_prior=true", "--set",
                "optimizer={lr: 0.001, pretrained_lr: 0.0001}", "--quiet");
        assertEquals(0, r.exit(), r.out() + r.err());
        Path run = tmp.resolve("runs/ft");
        Map<String, FloatTensor> tuned = TensorFile.read(run.resolve("checkpoints/epoch-0002/weights.mpt"))
                .requireKind(PoseModel.WEIGHTS_KIND, "").tensors().entries();
        try (PoseModel original = GninaWeights.load(weights.resolve("crossdock_default2018.pt"))) {
            Map<String, FloatTensor> file = original.weights().entries();
            for (String k : file.keySet()) {
                if (k.startsWith("unit5_conv") || k.startsWith("affinity_output") || k.startsWith("pose_output")) {
                    assertFalse(java.util.Arrays.equals(file.get(k).data(), tuned.get(k).data()), k + " trained");
                } else {
                    assertArrayEquals(file.get(k).data(), tuned.get(k).data(), 0f, k + " frozen");
                }
            }
        }
        String log = Files.readString(run.resolve("train.log"));
        assertTrue(log.contains("starts from gnina:crossdock_default2018 member crossdock_default2018"), log);
        assertTrue(log.contains("pretrained layers at lr 0.000100, others at 0.00100"), log);
        assertTrue(log.contains("(trunk cache)"), log);
        String resolved = Files.readString(run.resolve("config.yaml"));
        assertTrue(resolved.contains("weights_dir: " + weights.toAbsolutePath().normalize()), resolved);
    }
}
