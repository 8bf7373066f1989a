package org.multipose.train.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.multipose.combination.KcalPerMolReadout;
import org.multipose.combination.LossGradient;
import org.multipose.combination.PIC50Readout;
import org.multipose.combination.PKReadout;
import org.multipose.combination.Readout;
import org.multipose.data.Qualifier;

/**
 * Per-compound losses: values against hand / numpy literals (src/test/python/losses_reference.py), every derivative
 * against central finite differences in double precision.
 */
class LossTest {

    private static final double LN10 = Math.log(10);
    /** ŷ for which the pK readout is exactly 6 (input construction, not the code under test). */
    private static final double Y6 = -6 * LN10;

    private static LossInput input(double combined, double[] poses, CompoundTarget t) {
        return new LossInput(combined, poses, new PKReadout(), t);
    }

    private static CompoundTarget target(double v, Qualifier q) {
        return new CompoundTarget(v, q, OptionalDouble.empty(), new double[0]);
    }

    @Test
    void mseOnReadout() {
        LossGradient r = new MseLoss().evaluate(input(Y6, new double[] {1, 2}, CompoundTarget.exact(6.5)));
        // p = 6, v = 6.5: L = 0.25; dL/dp = −1, dp/dŷ = −1/ln 10 → dL/dŷ = 1/ln 10.
        assertEquals(0.25, r.loss(), 1e-14);
        assertEquals(1 / LN10, r.dLossDCombined(), 1e-14);
        assertArrayEquals(new double[] {0, 0}, r.dLossDPoses(), 0);
    }

    @Test
    void censoredMsePenalisesOnlyTheWrongSide() {
        CensoredMseLoss loss = new CensoredMseLoss();
        double[] poses = {0};
        // truth < 6.5, prediction 6: right side
        LossGradient a = loss.evaluate(input(Y6, poses, target(6.5, Qualifier.LESS)));
        assertEquals(0, a.loss(), 0);
        assertEquals(0, a.dLossDCombined(), 0);
        // truth < 5.5, prediction 6: (0.5)², dL/dp = 1 → dL/dŷ = −1/ln 10
        LossGradient b = loss.evaluate(input(Y6, poses, target(5.5, Qualifier.LESS)));
        assertEquals(0.25, b.loss(), 1e-14);
        assertEquals(-1 / LN10, b.dLossDCombined(), 1e-14);
        // truth > 6.5, prediction 6: (0.5)², dL/dp = −1
        LossGradient c = loss.evaluate(input(Y6, poses, target(6.5, Qualifier.GREATER)));
        assertEquals(0.25, c.loss(), 1e-14);
        assertEquals(1 / LN10, c.dLossDCombined(), 1e-14);
        // truth > 5.5, prediction 6: right side
        assertEquals(0, loss.evaluate(input(Y6, poses, target(5.5, Qualifier.GREATER))).loss(), 0);
        // EQ is plain MSE
        assertEquals(0.25, loss.evaluate(input(Y6, poses, target(5.5, Qualifier.EQUAL))).loss(), 1e-14);
    }

    @Test
    void gaussianNllWithSigma() {
        CompoundTarget t = new CompoundTarget(6.5, Qualifier.EQUAL, OptionalDouble.of(0.5), new double[0]);
        LossGradient r = new GaussianNllLoss(0).evaluate(input(Y6, new double[] {0}, t));
        // ½((−0.5)²/0.25 + ln 0.25 + ln 2π); dL/dŷ = (−0.5/0.25)·(−1/ln 10)
        assertEquals(0.7257913526447274, r.loss(), 1e-14);
        assertEquals(0.8685889638065035, r.dLossDCombined(), 1e-14);
        // the fallback σ applies to labels without one
        LossGradient f = new GaussianNllLoss(0.5).evaluate(input(Y6, new double[] {0}, CompoundTarget.exact(6.5)));
        assertEquals(r.loss(), f.loss(), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GaussianNllLoss(0).evaluate(input(Y6, new double[] {0}, CompoundTarget.exact(6.5))));
        assertTrue(e.getMessage().contains("the label has none and no fallback σ is set"), e.getMessage());
    }

    @Test
    void gaussianNllSigmaFloorIsInPkUnits() {
        // σ 0.05 pK floored at 0.5 pK equals σ 0.5; on the kcal/mol scale the floor is 0.5·RT·ln 10 kcal/mol.
        CompoundTarget small = new CompoundTarget(6.5, Qualifier.EQUAL, OptionalDouble.of(0.05), new double[0]);
        LossGradient floored = new GaussianNllLoss(0, 0.5).evaluate(input(Y6, new double[] {0}, small));
        assertEquals(0.7257913526447274, floored.loss(), 1e-14);
        double rt = KcalPerMolReadout.GAS_CONSTANT * 298.15;
        Readout kcal = new KcalPerMolReadout(298.15);
        // label −6.5·RT·ln 10 kcal/mol, prediction ŷ = −6 ln 10 kT → −6·RT·ln 10: the same residual in pK units
        CompoundTarget k = new CompoundTarget(-6.5 * rt * LN10, Qualifier.EQUAL, OptionalDouble.of(1e-3),
                new double[0]);
        LossGradient kf = new GaussianNllLoss(0, 0.5).evaluate(new LossInput(Y6, new double[] {0}, kcal, k));
        // ½((0.5/0.5)² + ln(0.5·RT·ln10)² + ln 2π): the pK result plus ln(RT·ln 10)
        assertEquals(0.7257913526447274 + Math.log(rt * LN10), kf.loss(), 1e-13);
    }

    @Test
    void aBoundTermIsTheCombinationModulesCompoundLoss() {
        org.multipose.combination.CompoundLoss bound = new MseLoss().bind(new PKReadout(),
                CompoundTarget.exact(6.5));
        LossGradient r = bound.evaluate(new org.multipose.combination.MeanCombination().forward(
                new double[] {Y6 - 1, Y6 + 1}));
        assertEquals(0.25, r.loss(), 1e-14);
        assertEquals(1 / LN10, r.dLossDCombined(), 1e-14);
        assertArrayEquals(new double[] {0, 0}, r.dLossDPoses(), 0);
    }

    @Test
    void sigmaHelpers() {
        // CI [0.1, 1] µM → pK bounds 7 and 6 → σ = 1/3.92
        assertEquals(0.25510204081632654, GaussianNllLoss.sigmaFromConfidenceInterval95(1e-7, 1e-6), 1e-15);
        // e = 0.1 µM on X = 1 µM → 0.1 / ln 10
        assertEquals(0.043429448190325175, GaussianNllLoss.sigmaFromStandardError(1e-7, 1e-6), 1e-16);
    }

    @Test
    void rangePenalty() {
        RangePenalty loss = new RangePenalty(4, 10);
        double[] poses = {0};
        LossGradient above = loss.evaluate(input(-11 * LN10, poses, CompoundTarget.exact(0)));
        assertEquals(1.0, above.loss(), 1e-12); // p = 11: (11 − 10)²
        assertEquals(-2 / LN10, above.dLossDCombined(), 1e-12);
        LossGradient below = loss.evaluate(input(-3 * LN10, poses, CompoundTarget.exact(0)));
        assertEquals(1.0, below.loss(), 1e-12); // p = 3: (4 − 3)²
        assertEquals(2 / LN10, below.dLossDCombined(), 1e-12);
        LossGradient inside = loss.evaluate(input(Y6, poses, CompoundTarget.exact(0)));
        assertEquals(0, inside.loss(), 0);
        assertEquals(0, inside.dLossDCombined(), 0);
    }

    private static CompoundTarget withRmsd(double v, double... rmsd) {
        return new CompoundTarget(v, Qualifier.EQUAL, OptionalDouble.empty(), rmsd);
    }

    @Test
    void poseCrossEntropy() {
        double[] y = {-10, -9, -12};
        CompoundTarget t = withRmsd(6, 1.5, 0.8, 3.0);
        LossGradient oneHot = new PoseCrossEntropy(1, PoseCrossEntropy.Target.ONE_HOT, 0.1).evaluate(input(0, y, t));
        // z = [10, 9, 12], target pose 1: L = logsumexp(z) − 9 = 3 + ln(1 + e⁻² + e⁻³)
        assertEquals(3 + Math.log(1 + Math.exp(-2) + Math.exp(-3)), oneHot.loss(), 1e-13);
        assertEquals(3.169846019556285, oneHot.loss(), 1e-13);
        assertArrayEquals(new double[] {-0.11419519938459453, 0.9579899338659339, -0.8437947344813398},
                oneHot.dLossDPoses(), 1e-13);
        assertEquals(0, oneHot.dLossDCombined(), 0);
        LossGradient inverse = new PoseCrossEntropy(1, PoseCrossEntropy.Target.INVERSE_RMSD, 0.1)
                .evaluate(input(0, y, t));
        assertEquals(2.4291052788155443, inverse.loss(), 1e-13);
        assertArrayEquals(new double[] {0.18210109691170173, 0.5135454894214895, -0.6956465863331917},
                inverse.dLossDPoses(), 1e-13);
        LossGradient warm = new PoseCrossEntropy(2, PoseCrossEntropy.Target.ONE_HOT, 0.1).evaluate(input(0, y, t));
        assertEquals(1.9643687841079451, warm.loss(), 1e-13);
        assertArrayEquals(new double[] {-0.1156119488110745, 0.4298778084169558, -0.3142658596058811},
                warm.dLossDPoses(), 1e-13);
        // stable for huge free energies (a naive exp would overflow)
        LossGradient huge = new PoseCrossEntropy(1, PoseCrossEntropy.Target.ONE_HOT, 0.1)
                .evaluate(input(0, new double[] {-5000, -4999}, withRmsd(6, 0.5, 3)));
        assertEquals(Math.log(1 + Math.exp(-1)), huge.loss(), 1e-12);
        // ties pick the first pose; RMSD 0 is floored for the inverse target
        assertArrayEquals(new double[] {1, 0}, new PoseCrossEntropy(1, PoseCrossEntropy.Target.ONE_HOT, 0.1)
                .targetDistribution(new double[] {1, 1}), 0);
        assertArrayEquals(new double[] {10.0 / 11, 1.0 / 11}, new PoseCrossEntropy(1,
                PoseCrossEntropy.Target.INVERSE_RMSD, 0.1).targetDistribution(new double[] {0, 1}), 1e-15);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PoseCrossEntropy(1, PoseCrossEntropy.Target.ONE_HOT, 0.1)
                        .evaluate(input(0, y, CompoundTarget.exact(6))));
        assertTrue(e.getMessage().contains("add an RMSD tag"), e.getMessage());
    }

    @Test
    void poseClassificationIsGninasTwoClassCrossEntropyOnThePoseLogits() {
        double[] y = {-10, -9, -12};
        CompoundTarget t = withRmsd(6, 1.5, 0.8, 3.0); // good, good, bad at 2 Å
        double[] d = {2.0, -1.5, 0.3};
        LossGradient r = new PoseClassLoss(2.0).evaluate(new LossInput(0, y, new PKReadout(), t, d));
        // losses_reference.py ("pose class")
        assertEquals(0.8942321778314174, r.loss(), 1e-13);
        assertArrayEquals(new double[] {-0.03973430734070591, -0.2725248253978812, 0.19148083893721968},
                r.dLossDPoseLogits(), 1e-13);
        assertArrayEquals(new double[3], r.dLossDPoses(), 0, "it never acts on the free energies");
        assertEquals(0, r.dLossDCombined(), 0);
        // stable for huge logits: a confident right answer costs ~0, a confident wrong one |d|
        LossGradient sure = new PoseClassLoss(2.0).evaluate(new LossInput(0, new double[] {0, 0}, new PKReadout(),
                withRmsd(6, 0.5, 3.0), new double[] {800, -800}));
        assertEquals(0, sure.loss(), 1e-300);
        LossGradient wrong = new PoseClassLoss(2.0).evaluate(new LossInput(0, new double[] {0}, new PKReadout(),
                withRmsd(6, 3.0), new double[] {800}));
        assertEquals(800, wrong.loss(), 1e-12);
        assertArrayEquals(new double[] {1}, wrong.dLossDPoseLogits(), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PoseClassLoss(2.0).evaluate(input(0, y, t)));
        assertTrue(e.getMessage().contains("pose head"), e.getMessage());
    }

    @Test
    void hingePenalisesOnlyTighterBadPoses() {
        // p_i = [6.08, 6.95, 5.21]; poses 1 and 2 are bad (> 2 Å); only pose 1 is tighter than pK 6.
        LossGradient r = new PoseHinge(2.0).evaluate(input(0, new double[] {-14, -16, -12}, withRmsd(6, 1, 2.5, 3)));
        assertEquals(Math.pow(16 / LN10 - 6, 2) / 2, r.loss(), 1e-13);
        assertEquals(0.45002695477440646, r.loss(), 1e-13);
        assertArrayEquals(new double[] {0, -0.4120202607663114, 0}, r.dLossDPoses(), 1e-13);
        // no bad pose: no loss
        LossGradient none = new PoseHinge(2.0).evaluate(input(0, new double[] {-20, -20}, withRmsd(6, 1, 1.5)));
        assertEquals(0, none.loss(), 0);
        // a readout with positive slope (kcal/mol): tighter = lower ΔG than the label
        Readout kcal = new KcalPerMolReadout(298.15);
        double rt = KcalPerMolReadout.GAS_CONSTANT * 298.15;
        LossGradient k = new PoseHinge(2.0).evaluate(new LossInput(0, new double[] {-10, -14}, kcal,
                withRmsd(-12 * rt, 3, 3)));
        assertEquals(Math.pow(2 * rt, 2) / 2, k.loss(), 1e-12); // only pose 1 (ΔG −14 RT < −12 RT)
    }

    @Test
    void weightsAreNormalised() {
        WeightedLoss w = new WeightedLoss(List.of(new WeightedLoss.Term(new MseLoss(), 3),
                new WeightedLoss.Term(new PoseHinge(2), 1)));
        assertArrayEquals(new double[] {0.75, 0.25}, w.normalisedWeights(), 0);
        LossInput in = input(Y6, new double[] {-14, -16, -12}, withRmsd(6.5, 1, 2.5, 3));
        LossGradient r = w.evaluate(in);
        double mse = 0.25;
        double hinge = Math.pow(16 / LN10 - 6.5, 2) / 2;
        assertEquals(0.75 * mse + 0.25 * hinge, r.loss(), 1e-13);
        assertEquals(0.75 / LN10, r.dLossDCombined(), 1e-13);
        assertThrows(IllegalArgumentException.class, () -> new WeightedLoss(List.of(
                new WeightedLoss.Term(new MseLoss(), 0))));
        assertThrows(IllegalArgumentException.class, () -> new WeightedLoss.Term(new MseLoss(), -1));
    }

    /** Every loss, at points away from its kinks. */
    private static List<Object[]> cases() {
        List<Object[]> c = new ArrayList<>();
        double[] y = {-13.1, -16.4, -12.2, -14.9};
        CompoundTarget rmsd = new CompoundTarget(6.3, Qualifier.EQUAL, OptionalDouble.of(0.7),
                new double[] {0.9, 2.6, 3.4, 1.7});
        for (Readout readout : new Readout[] {new PKReadout(), PIC50Readout.chengPrusoff(10, 2),
            new KcalPerMolReadout(300)}) {
            double yHat = -15.0;
            double v = readout.apply(yHat) + 0.4; // label away from the prediction
            CompoundTarget eq = new CompoundTarget(v, Qualifier.EQUAL, OptionalDouble.of(0.7), rmsd.poseRmsd());
            CompoundTarget lt = new CompoundTarget(readout.apply(yHat) - 0.3, Qualifier.LESS, OptionalDouble.empty(),
                    new double[0]);
            CompoundTarget gt = new CompoundTarget(v, Qualifier.GREATER, OptionalDouble.empty(), new double[0]);
            CompoundTarget hinge = new CompoundTarget(readout.apply(-14.0), Qualifier.EQUAL, OptionalDouble.empty(),
                    rmsd.poseRmsd());
            double lo = Math.min(readout.apply(yHat), v) + 0.2;
            c.add(new Object[] {new MseLoss(), new LossInput(yHat, y, readout, eq)});
            c.add(new Object[] {new CensoredMseLoss(), new LossInput(yHat, y, readout, lt)});
            c.add(new Object[] {new CensoredMseLoss(), new LossInput(yHat, y, readout, gt)});
            c.add(new Object[] {new GaussianNllLoss(0), new LossInput(yHat, y, readout, eq)});
            c.add(new Object[] {new RangePenalty(lo, lo + 1), new LossInput(yHat, y, readout, eq)});
            c.add(new Object[] {new PoseCrossEntropy(1.3, PoseCrossEntropy.Target.ONE_HOT, 0.1),
                new LossInput(yHat, y, readout, eq)});
            c.add(new Object[] {new PoseCrossEntropy(0.7, PoseCrossEntropy.Target.INVERSE_RMSD, 0.1),
                new LossInput(yHat, y, readout, eq)});
            c.add(new Object[] {new PoseHinge(2), new LossInput(yHat, y, readout, hinge)});
            c.add(new Object[] {new PoseClassLoss(1.0), new LossInput(yHat, y, readout, eq, new double[] {0.7, -0.2,
                1.9, -2.4})});
            c.add(new Object[] {new WeightedLoss(List.of(new WeightedLoss.Term(new GaussianNllLoss(0), 2),
                new WeightedLoss.Term(new PoseCrossEntropy(1, PoseCrossEntropy.Target.ONE_HOT, 0.1), 1),
                new WeightedLoss.Term(new PoseHinge(2), 1))), new LossInput(yHat, y, readout, eq)});
        }
        return c;
    }

    @Test
    void everyDerivativeMatchesCentralDifferences() {
        double h = 1e-6;
        for (Object[] c : cases()) {
            LossTerm loss = (LossTerm) c[0];
            LossInput in = (LossInput) c[1];
            LossGradient r = loss.evaluate(in);
            assertTrue(r.loss() != 0, loss.name() + " is exercised away from its zero region");
            double up = loss.evaluate(new LossInput(in.combined() + h, in.poses(), in.readout(), in.target(),
                    in.poseLogits())).loss();
            double down = loss.evaluate(new LossInput(in.combined() - h, in.poses(), in.readout(), in.target(),
                    in.poseLogits())).loss();
            // double-precision central differences: truncation ~h²·L''' and rounding ~1e-16·|L|/h ≈ 1e-10
            double fd = (up - down) / (2 * h);
            assertEquals(fd, r.dLossDCombined(), 1e-8 + 1e-7 * Math.abs(fd), loss.name() + " dL/dŷ");
            double[] d = r.dLossDPoses();
            for (int i = 0; i < in.poseCount(); i++) {
                double[] p = in.poses();
                p[i] += h;
                double u = loss.evaluate(new LossInput(in.combined(), p, in.readout(), in.target(), in.poseLogits()))
                        .loss();
                p[i] -= 2 * h;
                double dn = loss.evaluate(new LossInput(in.combined(), p, in.readout(), in.target(),
                        in.poseLogits())).loss();
                double fdi = (u - dn) / (2 * h);
                assertEquals(fdi, d[i], 1e-8 + 1e-7 * Math.abs(fdi), loss.name() + " dL/dy_" + i);
            }
            double[] dl = r.dLossDPoseLogits();
            for (int i = 0; i < dl.length; i++) {
                double[] l = in.poseLogits();
                l[i] += h;
                double u = loss.evaluate(new LossInput(in.combined(), in.poses(), in.readout(), in.target(), l))
                        .loss();
                l[i] -= 2 * h;
                double dn = loss.evaluate(new LossInput(in.combined(), in.poses(), in.readout(), in.target(), l))
                        .loss();
                double fdi = (u - dn) / (2 * h);
                assertEquals(fdi, dl[i], 1e-8 + 1e-7 * Math.abs(fdi), loss.name() + " dL/dd_" + i);
            }
        }
    }
}
