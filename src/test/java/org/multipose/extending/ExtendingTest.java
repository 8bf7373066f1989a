package org.multipose.extending;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.multipose.cli.CliRun.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.cli.CliRun;
import org.multipose.combination.Combination;
import org.multipose.combination.CombinationResult;
import org.multipose.combination.LossGradient;
import org.multipose.combination.MeanCombination;
import org.multipose.combination.PKReadout;
import org.multipose.config.CombinationConfig;
import org.multipose.config.LossConfig;
import org.multipose.config.Registry;
import org.multipose.data.CompoundPoses;
import org.multipose.data.CompoundRecord;
import org.multipose.data.Qualifier;
import org.multipose.structure.Molecule;
import org.multipose.structure.Receptor;
import org.multipose.train.Combinations;
import org.multipose.train.TrainingFixture;
import org.multipose.train.loss.CompoundTarget;
import org.multipose.train.loss.LossInput;
import org.multipose.train.loss.LossNeeds;
import org.multipose.train.loss.LossTerm;
import org.multipose.train.loss.Losses;
import org.multipose.train.loss.MseLoss;
import org.multipose.train.loss.WeightedLoss;
import org.multipose.typing.AtomTyper;
import org.multipose.typing.RadiusMode;
import org.multipose.typing.TypedAtoms;
import org.multipose.typing.Typers;
import org.multipose.typing.TypingSpec;

/**
 * docs/extending.md, exercised: a toy combination, a toy loss and a toy typer, each defined here (test code only),
 * registered with one line and used through the public path. Expected values are worked out by hand in the comments.
 */
class ExtendingTest {

    // ---- a combination: the first pose only -------------------------------------------------------------------

    /** ŷ = y₁: weight and coefficient 1 for the first pose, 0 for the others. */
    record FirstPose() implements Combination {
        @Override
        public CombinationResult forward(double[] predictions) {
            double[] w = new double[predictions.length];
            w[0] = 1;
            return new CombinationResult(predictions[0], predictions, w, w);
        }

        @Override
        public CombinationResult forward(double[] predictions, double[] poseLogits) {
            throw new UnsupportedOperationException("no pose prior");
        }

        @Override
        public String name() {
            return "first";
        }
    }

    /**
     * One SGD step with the toy combination over a compound's poses moves the network exactly as a step on the first
     * pose alone with the built-in mean (the mean of one pose is that pose): the toy's coefficients (1, 0, ...) are
     * what the gradient route uses.
     */
    @Test
    void aToyCombinationTrainsOneStep() {
        try (Registry.Registration r = Combinations.REGISTRY.register("first", c -> new FirstPose())) {
            Combination toy = Combinations.create("first", CombinationConfig.defaults());
            CompoundPoses compound = TrainingFixture.compound();
            assertTrue(compound.poses().size() >= 2, "a compound with several poses");
            CompoundRecord c = compound.compound();
            CompoundPoses firstOnly = new CompoundPoses(new CompoundRecord(c.key(), c.label(), c.smiles(), 1),
                    List.of(compound.poses().get(0)));

            TrainingFixture.Step viaToy = TrainingFixture.oneStep(toy, compound);
            TrainingFixture.Step viaMean = TrainingFixture.oneStep(new MeanCombination(), firstOnly);

            double[] weights = viaToy.result().weights();
            double[] expected = new double[compound.poses().size()];
            expected[0] = 1.0;
            assertArrayEquals(expected, weights);
            assertEquals(viaToy.result().predictions()[0], viaToy.result().combined());
            assertEquals(viaMean.result().combined(), viaToy.result().combined(), 1e-12);
            boolean moved = false;
            for (String name : viaToy.after().keySet()) {
                moved |= !Arrays.equals(viaToy.before().get(name), viaToy.after().get(name));
            }
            assertTrue(moved, "the step moved the network");
            for (String name : viaToy.after().keySet()) {
                assertArrayEquals(viaMean.after().get(name), viaToy.after().get(name), 1e-12, name);
            }
        }
        assertTrue(Combinations.REGISTRY.find("first").isEmpty(), "closing the registration removes it");
    }

    // ---- a loss: absolute error on the readout ----------------------------------------------------------------

    /** L = |p − v| on the readout p = r(ŷ); it declares that it reads each label's σ (to show the declaration). */
    static final class AbsoluteError implements LossTerm {
        @Override
        public String name() {
            return "abs";
        }

        @Override
        public LossGradient evaluate(LossInput in) {
            double r = in.prediction() - in.target().value();
            return in.onCombined(Math.abs(r), Math.signum(r) * in.slope());
        }

        @Override
        public LossNeeds needs() {
            return new LossNeeds(true, false);
        }
    }

    @Test
    void aToyLossEvaluatesAndDeclaresItsNeeds() {
        try (Registry.Registration r = Losses.REGISTRY.register("abs", l -> new AbsoluteError())) {
            LossTerm abs = Losses.create("abs", LossConfig.of(LossConfig.Kind.MSE));
            WeightedLoss both = new WeightedLoss(List.of(new WeightedLoss.Term(new MseLoss(), 1),
                    new WeightedLoss.Term(abs, 1)));
            // ŷ = −6 ln 10 reads out as pK p = 6; label v = 6.5. MSE: 0.25, dL/dp = −1; abs: 0.5, dL/dp = −1;
            // dp/dŷ = −1/ln 10. Weights 1:1 normalise to 0.5 each: L = 0.375, dL/dŷ = 1/ln 10 = 0.4342944819032518.
            double y6 = -6 * Math.log(10);
            LossGradient g = both.evaluate(new LossInput(y6, new double[] {1, 2}, new PKReadout(),
                    new CompoundTarget(6.5, Qualifier.EQUAL, OptionalDouble.empty(), new double[0])));
            assertEquals(0.375, g.loss(), 1e-12);
            assertEquals(0.4342944819032518, g.dLossDCombined(), 1e-12);
            assertArrayEquals(new double[] {0, 0}, g.dLossDPoses());
            assertEquals(new LossNeeds(true, false), both.needs());
        }
    }

    // ---- a typer: every heavy atom in one channel ---------------------------------------------------------------

    /** One channel per side, "heavy", radius 1.9 Å for every heavy atom; hydrogens are dropped. */
    record HeavyAtomTyper() implements AtomTyper {
        static final float RADIUS = 1.9f;

        private static TypedAtoms type(float[] xyz, int[] z, String prefix) {
            int[] channel = new int[z.length];
            float[] radius = new float[z.length];
            for (int i = 0; i < z.length; i++) {
                channel[i] = z[i] == 1 ? -1 : 0;
                radius[i] = RADIUS;
            }
            return TypedAtoms.select(xyz, channel, radius, List.of(prefix + "heavy"), List.of());
        }

        @Override
        public TypedAtoms typeLigand(Molecule ligand) {
            return type(ligand.coords(), ligand.atomicNumbers(), "lig_");
        }

        @Override
        public TypedAtoms typeReceptor(Receptor receptor) {
            return type(receptor.coords(), receptor.atomicNumbers(), "rec_");
        }

        @Override
        public TypingSpec spec() {
            return new TypingSpec("heavy", RadiusMode.ATOM, List.of("rec_heavy"), new float[] {RADIUS},
                    List.of("lig_heavy"), new float[] {RADIUS});
        }
    }

    /**
     * {@code pipeline grid --typer heavy} on one carbon: the one channel holds the atom, and since the radius is that
     * of gnina's aliphatic carbon (1.9 Å) the grid equals the one GridCommandTest checks against
     * src/test/python/grid_command_reference.py: sum 99.625062296, maximum 0.901335149.
     */
    @Test
    void aToyTyperTypesAMolecule(@TempDir Path out) throws Exception {
        Path methane = Path.of("src/test/resources/org/multipose/cli/methane.sdf");
        try (Registry.Registration r = Typers.REGISTRY.register("heavy", new Typers.Entry("one channel",
                HeavyAtomTyper::new))) {
            CliRun cmd = run("grid", "--ligand", methane.toString(), "--typer", "heavy", "--out", out.toString());
            assertEquals(0, cmd.exit(), cmd.err());
            List<String> rows = Files.readAllLines(out.resolve("summary.tsv"));
            assertEquals(2, rows.size(), "header + the one ligand channel: " + rows);
            String[] row = rows.get(1).split("\t");
            assertEquals("lig_heavy", row[0]);
            assertEquals("1", row[1]);
            assertEquals(99.625062296, Double.parseDouble(row[2]), 1e-4);
            assertEquals(0.901335149, Double.parseDouble(row[3]), 1e-6);
            assertTrue(Files.isRegularFile(out.resolve("lig_heavy.dx")));
        }
        CliRun gone = run("grid", "--ligand", methane.toString(), "--typer", "heavy", "--out", out.toString());
        assertEquals(2, gone.exit());
        assertTrue(gone.err().contains("--typer heavy: use gnina (28 XS channels) or element"), gone.err());
    }
}
