package org.multipose.combination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The combinations with a per-pose prior π_i = σ(d_i) (README, "A pose prior from the pose head"):
 * <ul>
 *   <li>ŷ, w_i, c_i = ∂ŷ/∂y_i and e_i = ∂ŷ/∂d_i against literals from {@code combination_prior_reference.py}, which
 *       writes each combination from its definition and differentiates it by complex steps (1e-13 absolute);</li>
 *   <li>c_i and e_i against DJL autograd through the same definitions as NDArray expressions (1e-12 absolute) and
 *       against central differences of the Java forward in double (h = 1e-6, 1e-8 absolute; for LSE at scale 1000
 *       h = 1e-7, 1e-7 absolute);</li>
 *   <li>the parameter gradient through a real Conv3d block whose outputs are both the y_i and the d_i (each pose
 *       has two inputs, so the prior depends on the same parameters as the predictions), with a loss on ŷ and on
 *       the d_i: the dictionary route Σ k_i·g_i + Σ m_i·h_i and the batched surrogate Σ k_i·y_i + Σ m_i·d_i both
 *       equal autograd through the whole expression (1e-10 relative to the parameter's largest gradient entry, float64)
 *       and central differences of the loss (h = 1e-5, 1e-6 relative).</li>
 * </ul>
 */
class CombinationPriorTest {

    private static final double[] Y = {-3.2, -1.1, -4.7, 0.5, -4.6};
    private static final double[] D = {2.0, -0.7, 0.3, 4.1, -2.5};

    // python3 src/test/python/combination_prior_reference.py
    static final double MEAN_COMBINED = -2.0166190106453943;
    static final double[] MEAN_WEIGHTS = {
        0.3094199242311118, 0.11656409513799566, 0.20179898920084297,
        0.3455683649741467, 0.026648626455902734
    };
    static final double[] MEAN_COEFFICIENTS = {
        0.30941992423111186, 0.11656409513799568, 0.20179898920084302,
        0.3455683649741468, 0.026648626455902737
    };
    static final double[] MEAN_PRIOR_COEFFICIENTS = {
        -0.04364753933512433, 0.0713924326875904, -0.23044089693674216,
        0.01417769545653362, -0.06362120819172296
    };
    static final double LSE_MIN_T1_COMBINED = -4.54230144027335;
    static final double[] LSE_MIN_T1_WEIGHTS = {
        0.23010272224279898, 0.010614996758902477, 0.6725648877891948,
        0.006353570837430672, 0.08036382237167308
    };
    static final double[] LSE_MIN_T1_COEFFICIENTS = {
        0.2301027222427989, 0.010614996758902475, 0.6725648877891947,
        0.006353570837430671, 0.08036382237167308
    };
    static final double[] LSE_MIN_T1_PRIOR_COEFFICIENTS = {
        -0.02742891685658534, -0.00709281103590335, -0.2862150209284187,
        -0.00010357908458361906, -0.07426756906700746
    };
    static final double LSE_MAX_T2_COMBINED = 0.498889562527307;
    static final double[] LSE_MAX_T2_WEIGHTS = {
        0.0005395866707134873, 0.013555469310573632, 1.7520579972983557e-05,
        0.9858845974969142, 2.8259418255653813e-06
    };
    static final double[] LSE_MAX_T2_COEFFICIENTS = {
        0.0005395866707134873, 0.01355546931057363, 1.7520579972983557e-05,
        0.9858845974969142, 2.8259418255653813e-06
    };
    static final double[] LSE_MAX_T2_PRIOR_COEFFICIENTS = {
        3.216015391661693e-05, 0.004528799419663071, 3.7280069586514676e-06,
        0.008036191515503378, 1.3057855109160405e-06
    };
    static final double BOLTZMANN_KT06_COMBINED = -4.533255147452739;
    static final double[] BOLTZMANN_KT06_WEIGHTS = {
        0.10155279178284075, 0.0011552545872119551, 0.8068611092250249,
        0.0002379733173617364, 0.09019287108756073
    };
    static final double[] BOLTZMANN_KT06_COEFFICIENTS = {
        -0.12410684552160701, -0.005455218343061103, 1.0310943370314356,
        -0.0017583273902505366, 0.10022605422348305
    };
    static final double[] BOLTZMANN_KT06_PRIOR_COEFFICIENTS = {
        0.016139572889484845, 0.002650222308154273, -0.057254476843496514,
        1.9526814618633727e-05, -0.005563250474046794
    };

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static Stream<Arguments> literalCases() {
        return Stream.of(
                Arguments.of(new MeanCombination(), MEAN_COMBINED, MEAN_WEIGHTS, MEAN_COEFFICIENTS,
                        MEAN_PRIOR_COEFFICIENTS),
                Arguments.of(new MaxCombination(true, 1.0), LSE_MIN_T1_COMBINED, LSE_MIN_T1_WEIGHTS,
                        LSE_MIN_T1_COEFFICIENTS, LSE_MIN_T1_PRIOR_COEFFICIENTS),
                Arguments.of(new MaxCombination(false, 2.0), LSE_MAX_T2_COMBINED, LSE_MAX_T2_WEIGHTS,
                        LSE_MAX_T2_COEFFICIENTS, LSE_MAX_T2_PRIOR_COEFFICIENTS),
                Arguments.of(new BoltzmannCombination(0.6), BOLTZMANN_KT06_COMBINED, BOLTZMANN_KT06_WEIGHTS,
                        BOLTZMANN_KT06_COEFFICIENTS, BOLTZMANN_KT06_PRIOR_COEFFICIENTS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("literalCases")
    void matchesTheDefinitionDifferentiatedByComplexSteps(Combination c, double combined, double[] weights,
            double[] coefficients, double[] priorCoefficients) {
        CombinationResult r = c.forward(Y, D);
        assertEquals(combined, r.combined(), 1e-13);
        for (int i = 0; i < Y.length; i++) {
            assertEquals(weights[i], r.weight(i), 1e-13, "w" + i);
            assertEquals(coefficients[i], r.coefficient(i), 1e-13, "c" + i);
            assertEquals(priorCoefficients[i], r.priorCoefficients()[i], 1e-13, "e" + i);
            assertEquals(D[i], r.poseLogits()[i], 0.0);
        }
    }

    static Stream<Combination> combinations() {
        return Stream.of(new MeanCombination(), new MaxCombination(true, 1.0), new MaxCombination(),
                new MaxCombination(false, 2.0), new BoltzmannCombination(), new BoltzmannCombination(0.6));
    }

    /** ŷ from y (N) and d (N) as NDArray expressions of the definitions: weights ∝ σ(d_i)·exp(logit_i). */
    static NDArray combine(Combination c, NDArray y, NDArray d) {
        NDArray logPrior = d.neg().exp().add(1.0).log().neg();
        if (c instanceof MeanCombination) {
            return logPrior.softmax(0).mul(y).sum();
        }
        if (c instanceof MaxCombination max) {
            double st = (max.negate() ? -1.0 : 1.0) * max.scale();
            NDArray a = y.mul(st).add(logPrior);
            NDArray m = a.max().stopGradient();
            return a.sub(m).exp().sum().log().add(m).div(st);
        }
        BoltzmannCombination b = (BoltzmannCombination) c;
        return y.mul(-1.0 / b.kT()).add(logPrior).softmax(0).mul(y).sum();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    void coefficientsMatchAutogradAndFiniteDifferences(Combination c) {
        CombinationResult r = c.forward(Y, D);
        try (NDManager m = manager.newSubManager()) {
            NDArray y = m.create(Y);
            NDArray d = m.create(D);
            y.setRequiresGradient(true);
            d.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray yHat = combine(c, y, d);
                assertEquals(yHat.getDouble(), r.combined(), 1e-12, "ŷ");
                collector.backward(yHat);
            }
            double[] dy = y.getGradient().toDoubleArray();
            double[] dd = d.getGradient().toDoubleArray();
            for (int i = 0; i < Y.length; i++) {
                assertEquals(dy[i], r.coefficient(i), 1e-12, c + " c" + i + " vs autograd");
                assertEquals(dd[i], r.priorCoefficients()[i], 1e-12, c + " e" + i + " vs autograd");
            }
        }
        // Steps: rounding ≈ 1e-16·|ŷ|/h, truncation ≈ h²·t²/6 for an LSE of scale t.
        boolean sharp = c instanceof MaxCombination mc && mc.scale() > 10;
        double h = sharp ? 1e-7 : 1e-6;
        double tol = sharp ? 1e-7 : 1e-8;
        for (int i = 0; i < Y.length; i++) {
            double[] up = Y.clone();
            double[] down = Y.clone();
            up[i] += h;
            down[i] -= h;
            double fd = (c.forward(up, D).combined() - c.forward(down, D).combined()) / (2 * h);
            assertEquals(fd, r.coefficient(i), tol, c + " c" + i + " vs central differences");
            up = D.clone();
            down = D.clone();
            up[i] += h;
            down[i] -= h;
            fd = (c.forward(Y, up).combined() - c.forward(Y, down).combined()) / (2 * h);
            assertEquals(fd, r.priorCoefficients()[i], tol, c + " e" + i + " vs central differences");
        }
    }

    @Test
    void aPriorOfOneLeavesLseAndBoltzmannAsTheyAre() {
        double[] sure = new double[Y.length];
        java.util.Arrays.fill(sure, 60.0); // π = 1 − 9e-27: ln π rounds to −8.8e-27
        for (Combination c : List.of(new MaxCombination(true, 1.0), new MaxCombination(), new BoltzmannCombination(0.6),
                new MeanCombination())) {
            CombinationResult with = c.forward(Y, sure);
            CombinationResult without = c.forward(Y);
            assertEquals(without.combined(), with.combined(), 1e-15, c.name());
            for (int i = 0; i < Y.length; i++) {
                assertEquals(without.weight(i), with.weight(i), 1e-15, c.name() + " w" + i);
                assertEquals(without.coefficient(i), with.coefficient(i), 1e-15, c.name() + " c" + i);
                assertEquals(0.0, with.priorCoefficients()[i], 1e-20, c.name() + " e" + i);
            }
        }
    }

    @Test
    void extremeLogitsStayFinite() {
        double[] d = {-700, 700, -30, 0, 30};
        for (Combination c : List.of(new MaxCombination(true, 1.0), new BoltzmannCombination(), new MeanCombination())) {
            CombinationResult r = c.forward(Y, d);
            assertTrue(Double.isFinite(r.combined()), c.name());
            double sum = 0;
            for (int i = 0; i < Y.length; i++) {
                assertTrue(Double.isFinite(r.priorCoefficients()[i]), c.name() + " e" + i);
                sum += r.weight(i);
            }
            assertEquals(1.0, sum, 1e-12, c.name() + " weights sum to 1");
            // π_0 = e^-700: pose 0 carries (almost) no weight whatever its prediction
            assertEquals(0.0, r.weight(0), 1e-250, c.name());
        }
        assertEquals(-700.0, PosePrior.logPrior(-700), 1e-12);
        assertEquals(-Math.exp(-700), PosePrior.logPrior(700), 1e-310);
        assertEquals(1.0, PosePrior.logPriorSlope(-700), 0.0);
    }

    @Test
    void badLogitsAreNamed() {
        Combination c = new BoltzmannCombination();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.forward(Y, new double[] {0, 0, Double.NaN, 0, 0}));
        assertTrue(e.getMessage().startsWith("pose 2 of 5: pose logit is NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.forward(Y, new double[] {0, 0}));
        assertTrue(e.getMessage().startsWith("2 pose logits for 5 pose predictions"), e.getMessage());
    }

    // --- the parameter gradient through a block whose outputs are both y_i and d_i

    private static final int POSES = 5;
    private static final double LABEL = 1.2;
    private static final double[] Z = {0.5, -0.3, 0.2, 0.0, 0.4};

    /** L = (pK(ŷ) − label)² + λ·Σ (d_i − z_i)²: a loss on ŷ and one placed directly on the pose logits. */
    private static CompoundLoss javaLoss(double lambda) {
        Readout pk = new PKReadout();
        return r -> {
            double diff = pk.apply(r.combined()) - LABEL;
            double[] logits = r.poseLogits();
            double[] dd = new double[logits.length];
            double loss = diff * diff;
            for (int i = 0; i < dd.length; i++) {
                double e = logits[i] - Z[i];
                loss += lambda * e * e;
                dd[i] = 2 * lambda * e;
            }
            return new LossGradient(loss, pk.backward(r.combined(), 2 * diff), new double[0], dd);
        };
    }

    static Stream<Arguments> routeCases() {
        return combinations().flatMap(c -> Stream.of(Arguments.of(c, 0.0), Arguments.of(c, 0.3)));
    }

    @ParameterizedTest(name = "{0}, logit-loss weight {1}")
    @MethodSource("routeCases")
    void bothRoutesMatchAutogradAndFiniteDifferences(Combination c, double lambda) {
        try (NDManager m = manager.newSubManager()) {
            TinyNet net = new TinyNet(m, DataType.FLOAT64, 5);
            List<NDList> xs = net.poses(m, POSES, 31);
            List<NDList> xd = net.poses(m, POSES, 37);
            CompoundLoss loss = javaLoss(lambda);

            // oracle: autograd through the whole expression
            for (var p : net.block.getParameters()) {
                try (NDArray g = p.getValue().getArray().getGradient()) {
                    TinyNet.set(g, new double[(int) g.size()]);
                }
            }
            try (NDManager step = m.newSubManager();
                    GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = forward(net, xs, step);
                NDArray d = forward(net, xd, step);
                NDArray pk = combine(c, y, d).mul(-1.0 / Math.log(10.0));
                NDArray l = pk.sub(LABEL).square();
                if (lambda != 0) {
                    l = l.add(d.sub(step.create(Z)).square().sum().mul(lambda));
                }
                collector.backward(l);
            }
            Map<String, double[]> oracle = net.bufferGradients();
            GradientDictionary.zeroGradients(net.block);

            // dictionary route: g_i and h_i, one backward each
            double[] y = new double[POSES];
            double[] d = new double[POSES];
            List<GradientDictionary> g = new ArrayList<>();
            List<GradientDictionary> h = new ArrayList<>();
            for (int i = 0; i < POSES; i++) {
                y[i] = single(net, xs.get(i), m, g);
                d[i] = single(net, xd.get(i), m, h);
            }
            CombinationResult r = c.forward(y, d);
            LossGradient lg = loss.evaluate(r);
            try (GradientDictionary dict = c.backward(r, lg, g, h, m)) {
                CombinationGradientTest.assertClose(oracle, dict, 1e-10, c + " dictionary vs autograd");
            }

            // batched route: one backward of Σ k_i·y_i + Σ m_i·d_i
            try (NDManager step = m.newSubManager();
                    GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray yb = forward(net, xs, step);
                NDArray db = forward(net, xd, step);
                CombinationResult rb = c.forward(TinyNet.toDoubles(yb), TinyNet.toDoubles(db));
                LossGradient lb = loss.evaluate(rb);
                double[] k = c.backward(rb, lb.dLossDCombined(), lb.dLossDPoses());
                double[] mm = rb.poseLogitLossGradients(lb.dLossDCombined(), lb.dLossDPoseLogits());
                collector.backward(PoseGradientSurrogate.of(yb, k, db, mm));
            }
            try (GradientDictionary batched = GradientDictionary.capture(net.block, m)) {
                CombinationGradientTest.assertClose(oracle, batched, 1e-10, c + " batched vs autograd");
            }

            // central differences of the loss on entries of every parameter
            double step = 1e-5;
            for (var p : net.block.getParameters()) {
                NDArray w = p.getValue().getArray();
                double[] base = w.toDoubleArray();
                double[] want = oracle.get(p.getKey());
                double gmax = 0;
                for (double x : want) {
                    gmax = Math.max(gmax, Math.abs(x));
                }
                for (int j : new int[] {0, base.length / 2, base.length - 1}) {
                    double[] v = base.clone();
                    v[j] = base[j] + step;
                    TinyNet.set(w, v);
                    double up = loss.evaluate(c.forward(predict(net, xs, m), predict(net, xd, m))).loss();
                    v[j] = base[j] - step;
                    TinyNet.set(w, v);
                    double down = loss.evaluate(c.forward(predict(net, xs, m), predict(net, xd, m))).loss();
                    TinyNet.set(w, base);
                    double fd = (up - down) / (2 * step);
                    assertEquals(fd, want[j], 1e-6 * Math.max(Math.abs(fd), gmax),
                            c + " " + p.getKey() + "[" + j + "] vs central differences");
                }
            }
        }
    }

    private static NDArray forward(TinyNet net, List<NDList> poses, NDManager m) {
        return net.block.forward(net.store, new NDList(TinyNet.batch(poses, m)), true).head().reshape(poses.size());
    }

    private static double[] predict(TinyNet net, List<NDList> poses, NDManager m) {
        try (NDManager s = m.newSubManager()) {
            return TinyNet.toDoubles(forward(net, poses, s));
        }
    }

    /** One pose's output with its gradient dictionary captured into {@code into}. */
    private static double single(TinyNet net, NDList pose, NDManager m, List<GradientDictionary> into) {
        double value;
        try (NDManager s = m.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray out = net.block.forward(net.store, pose, true).head().reshape(1);
            value = out.toDoubleArray()[0];
            collector.backward(out);
        }
        into.add(GradientDictionary.capture(net.block, m));
        return value;
    }
}
