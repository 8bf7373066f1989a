package org.multipose.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.base.InputException;
import org.multipose.model.FloatTensor;
import org.multipose.model.NamedTensors;
import org.multipose.model.TensorFile;

/**
 * Our optimizers against an independent float32 numpy implementation of PyTorch's documented update rules
 * (src/test/python/optimizer_reference.py prints every literal here), and exact resume.
 */
class OptimizerTest {

    private static final long[][] SHAPES = {{2, 3}, {4}};
    private static final String[] NAMES = {"a", "b"};

    static Map<String, NDArray> initialParameters(NDManager m) {
        Map<String, NDArray> p = new LinkedHashMap<>();
        for (int k = 0; k < 2; k++) {
            int n = (int) new Shape(SHAPES[k]).size();
            float[] v = new float[n];
            for (int j = 0; j < n; j++) {
                v[j] = (float) (((3 * j + k) % 11) / 10.0 - 0.5);
            }
            p.put(NAMES[k], m.create(v, new Shape(SHAPES[k])));
        }
        return p;
    }

    static Map<String, NDArray> gradients(NDManager m, int t) {
        Map<String, NDArray> g = new LinkedHashMap<>();
        for (int k = 0; k < 2; k++) {
            int n = (int) new Shape(SHAPES[k]).size();
            float[] v = new float[n];
            for (int j = 0; j < n; j++) {
                v[j] = (float) ((((7 * j + 13 * t + 5 * k) % 17) - 8) / 8.0);
            }
            g.put(NAMES[k], m.create(v, new Shape(SHAPES[k])));
        }
        return g;
    }

    /** Steps t = from..to-1 with lr = base / (1 + t); gradients in a per-step manager. */
    static double run(Optimizer opt, Map<String, NDArray> p, NDManager base, double lr, int from, int to) {
        double firstNorm = Double.NaN;
        for (int t = from; t < to; t++) {
            try (NDManager step = base.newSubManager()) {
                StepReport r = opt.step(p, gradients(step, t), lr / (1 + t));
                if (t == from) {
                    firstNorm = r.gradientNorm();
                }
            }
        }
        return firstNorm;
    }

    static float[] flat(Map<String, NDArray> p) {
        float[] a = p.get("a").toFloatArray();
        float[] b = p.get("b").toFloatArray();
        float[] out = new float[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void check(Supplier<Optimizer> make, double lr, float[] expected) {
        try (NDManager base = NDManager.newBaseManager(); Optimizer opt = make.get()) {
            Map<String, NDArray> p = initialParameters(base);
            double norm = run(opt, p, base, lr, 0, 4);
            // √(Σ g²) of the first gradients, float64 in both: equal to rounding.
            assertEquals(1.9243505397925815, norm, 1e-15);
            float[] got = flat(p);
            // Bit-identical on the machine these were written on (libtorch and numpy both round every float32
            // operation correctly); 1 ulp is allowed for a libtorch build whose kernels divide by a scalar through
            // its reciprocal.
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], got[i], Math.ulp(expected[i]), "element " + i);
            }
            assertEquals(4, opt.steps());
        }
    }

    @Test
    void sgdPlain() {
        check(() -> new Sgd(Sgd.Settings.plain(), GradientClipping.none()), 0.1, new float[] {-0.4260416626930237f,
            -0.20208333432674408f, 0.03958333283662796f, 0.47604164481163025f, -0.43541666865348816f,
            -0.0520833358168602f, -0.3500000238418579f, -0.10833334177732468f, 0.22187499701976776f,
            0.5166667103767395f});
    }

    @Test
    void sgdMomentumDampeningDecay() {
        check(() -> new Sgd(new Sgd.Settings(0.9, 0.1, false, 0.01), GradientClipping.none()), 0.05,
                new float[] {-0.4311661720275879f, -0.19032323360443115f, 0.03196955472230911f,
                    0.4748193621635437f, -0.424852192401886f, -0.0539395846426487f, -0.3458356261253357f,
                    -0.12354284524917603f, 0.2234635353088379f, 0.5176935195922852f});
    }

    @Test
    void sgdNesterov() {
        check(() -> new Sgd(new Sgd.Settings(0.9, 0, true, 0.001), GradientClipping.none()), 0.05,
                new float[] {-0.4044134020805359f, -0.1928451657295227f, 0.009015779942274094f,
                    0.5087058544158936f, -0.4396035671234131f, -0.038426510989665985f, -0.3249817192554474f,
                    -0.12312078475952148f, 0.2275875210762024f, 0.5279614925384521f});
    }

    @Test
    void sgdClipByNorm() {
        check(() -> new Sgd(Sgd.Settings.plain(), GradientClipping.byNorm(0.5)), 0.1, new float[] {
            -0.4803853929042816f, -0.20102623105049133f, 0.08450010418891907f, 0.419072687625885f,
            -0.4092629849910736f, -0.08708500862121582f, -0.3876269459724426f, -0.10210064053535461f,
            0.20621535181999207f, 0.5041362643241882f});
    }

    @Test
    void adamDefaults() {
        check(() -> new Adam(Adam.Settings.adam(), GradientClipping.none()), 0.01, new float[] {
            -0.48834437131881714f, -0.1872052252292633f, 0.08444102853536606f, 0.41650718450546265f,
            -0.4114640951156616f, -0.09020286053419113f, -0.38459378480911255f, -0.11177598685026169f,
            0.2079313099384308f, 0.49523407220840454f});
    }

    @Test
    void adamWithL2Decay() {
        check(() -> new Adam(new Adam.Settings(0.8, 0.99, 1e-6, 0.1, false), GradientClipping.none()), 0.02,
                new float[] {-0.4763302206993103f, -0.17454329133033752f, 0.07011549174785614f,
                    0.4316592216491699f, -0.41985073685646057f, -0.08119325339794159f, -0.3691392242908478f,
                    -0.12149683386087418f, 0.2142186015844345f, 0.48898470401763916f});
    }

    @Test
    void adamW() {
        check(() -> new Adam(new Adam.Settings(0.9, 0.999, 1e-8, 0.05, true), GradientClipping.none()), 0.01,
                new float[] {-0.48782941699028015f, -0.18700358271598816f, 0.08434377610683441f,
                    0.4160837233066559f, -0.4110417664051056f, -0.0901041328907013f, -0.3841841220855713f,
                    -0.1116655021905899f, 0.20771795511245728f, 0.4947178065776825f});
    }

    @Test
    void adamClipByValueThenNorm() {
        check(() -> new Adam(Adam.Settings.adam(), new GradientClipping(1.0, 0.3)), 0.01, new float[] {
            -0.4905514717102051f, -0.1855756640434265f, 0.0843157097697258f, 0.41605478525161743f,
            -0.4112453758716583f, -0.09145976603031158f, -0.3842737376689911f, -0.11208118498325348f,
            0.20793548226356506f, 0.4947356581687927f});
    }

    static List<Supplier<Optimizer>> all() {
        return List.of(() -> new Sgd(new Sgd.Settings(0.9, 0.1, false, 0.01), GradientClipping.byNorm(0.7)),
                () -> new Sgd(new Sgd.Settings(0.9, 0, true, 0.001), GradientClipping.none()),
                () -> new Adam(new Adam.Settings(0.8, 0.99, 1e-6, 0.1, false), GradientClipping.none()),
                () -> new Adam(Adam.Settings.adamW(), new GradientClipping(1.0, 0.3)));
    }

    @Test
    void saveRestoreContinueIsBitExact(@TempDir Path dir) {
        for (Supplier<Optimizer> make : all()) {
            try (NDManager base = NDManager.newBaseManager()) {
                Map<String, NDArray> straight = initialParameters(base);
                NamedTensors expected;
                try (Optimizer opt = make.get()) {
                    run(opt, straight, base, 0.03, 0, 6);
                    expected = NamedTensors.copyOf(straight);
                }
                Map<String, NDArray> first = initialParameters(base);
                OptimizerState saved;
                NamedTensors savedWeights;
                try (Optimizer opt = make.get()) {
                    run(opt, first, base, 0.03, 0, 3);
                    saved = opt.saveState();
                    savedWeights = NamedTensors.copyOf(first);
                }
                // a fresh optimizer and fresh parameter arrays from the heap copies, as after a JVM restart
                Map<String, NDArray> resumed = new LinkedHashMap<>();
                for (Map.Entry<String, FloatTensor> e : savedWeights.entries().entrySet()) {
                    resumed.put(e.getKey(), NamedTensors.toArray(e.getValue(), base));
                }
                // through a file, as a checkpoint would store the slots
                Path file = dir.resolve("state-" + saved.scalars().kind() + ".mpt");
                TensorFile.write(file, "multipose-optimizer", saved.scalars().kind(), saved.slots());
                OptimizerState reread = new OptimizerState(saved.scalars(),
                        TensorFile.read(file).requireKind("multipose-optimizer", file.toString()).tensors());
                try (Optimizer opt = make.get()) {
                    opt.restoreState(reread);
                    assertEquals(3, opt.steps());
                    run(opt, resumed, base, 0.03, 3, 6);
                    assertEquals(6, opt.steps());
                }
                assertEquals(expected, NamedTensors.copyOf(resumed), "bit-exact resume of " + saved.scalars());
            }
        }
    }

    @Test
    void stateHoldsSlotsAndSettings() {
        try (NDManager base = NDManager.newBaseManager();
                Optimizer opt = new Adam(Adam.Settings.adamW(), GradientClipping.none())) {
            assertEquals(0, opt.saveState().slots().size());
            run(opt, initialParameters(base), base, 0.01, 0, 2);
            OptimizerState s = opt.saveState();
            assertEquals("adamw", s.scalars().kind());
            assertEquals(2.0, s.scalars().get("step"), 0);
            assertEquals(0.01, s.scalars().get("weight_decay"), 0);
            assertEquals(List.of("exp_avg/a", "exp_avg/b", "exp_avg_sq/a", "exp_avg_sq/b"),
                    s.slots().entries().keySet().stream().sorted().toList());
            assertArrayEquals(new long[] {2, 3}, s.slots().get("exp_avg/a").shape());
        }
    }

    @Test
    void learningRateFactorsScaleEachParametersStep() {
        try (NDManager base = NDManager.newBaseManager();
                Optimizer sgd = new Sgd(Sgd.Settings.plain(), GradientClipping.none(), Map.of("a", 0.25))) {
            Map<String, NDArray> p = initialParameters(base);
            float[] a0 = p.get("a").toFloatArray();
            float[] b0 = p.get("b").toFloatArray();
            try (NDManager step = base.newSubManager()) {
                Map<String, NDArray> g = gradients(step, 0);
                float[] ga = g.get("a").toFloatArray();
                float[] gb = g.get("b").toFloatArray();
                sgd.step(p, g, 0.1);
                // θ ← θ − (γ·f)·g in float32: a at 0.1 × 0.25, b at 0.1
                float[] a = p.get("a").toFloatArray();
                float[] b = p.get("b").toFloatArray();
                for (int j = 0; j < a.length; j++) {
                    float want = a0[j] - ga[j] * (float) 0.025;
                    assertEquals(want, a[j], Math.ulp(want), "a[" + j + "]");
                }
                for (int j = 0; j < b.length; j++) {
                    float want = b0[j] - gb[j] * (float) 0.1;
                    assertEquals(want, b[j], Math.ulp(want), "b[" + j + "]");
                }
            }
            assertEquals(0.25, sgd.saveState().scalars().get("lr_factor/a"), 0);
        }
        try (NDManager base = NDManager.newBaseManager()) {
            OptimizerState state;
            try (Optimizer adam = new Adam(Adam.Settings.adam(), GradientClipping.none(), Map.of("a", 0.0))) {
                Map<String, NDArray> p = initialParameters(base);
                float[] a0 = p.get("a").toFloatArray();
                float[] b0 = p.get("b").toFloatArray();
                run(adam, p, base, 0.01, 0, 2);
                assertArrayEquals(a0, p.get("a").toFloatArray(), "factor 0: a does not move");
                assertFalse(java.util.Arrays.equals(b0, p.get("b").toFloatArray()), "b does");
                state = adam.saveState();
            }
            try (Optimizer other = new Adam(Adam.Settings.adam(), GradientClipping.none(), Map.of("a", 0.5))) {
                InputException e = assertThrows(InputException.class, () -> other.restoreState(state));
                assertTrue(e.getMessage().contains("lr_factor/a = 0.0 but the config now says 0.5"), e.getMessage());
            }
            try (Optimizer plain = new Adam(Adam.Settings.adam(), GradientClipping.none())) {
                InputException e = assertThrows(InputException.class, () -> plain.restoreState(state));
                assertTrue(e.getMessage().contains("lr_factor/a = 0.0, this run has none"), e.getMessage());
            }
        }
    }

    @Test
    void restoreRefusesOtherKindSettingsOrParameters() {
        try (NDManager base = NDManager.newBaseManager()) {
            OptimizerState adamState;
            try (Optimizer opt = new Adam(Adam.Settings.adam(), GradientClipping.none())) {
                run(opt, initialParameters(base), base, 0.01, 0, 1);
                adamState = opt.saveState();
            }
            try (Optimizer sgd = new Sgd(Sgd.Settings.plain(), GradientClipping.none())) {
                InputException e = assertThrows(InputException.class, () -> sgd.restoreState(adamState));
                assertTrue(e.getMessage().contains("holds adam state but the config asks for sgd"), e.getMessage());
            }
            try (Optimizer other = new Adam(new Adam.Settings(0.95, 0.999, 1e-8, 0, false),
                    GradientClipping.none())) {
                InputException e = assertThrows(InputException.class, () -> other.restoreState(adamState));
                assertTrue(e.getMessage().contains("beta1 = 0.9 but the config now says 0.95"), e.getMessage());
            }
            try (Optimizer opt = new Adam(Adam.Settings.adam(), GradientClipping.none())) {
                opt.restoreState(adamState);
                Map<String, NDArray> p = new LinkedHashMap<>();
                p.put("a", base.zeros(new Shape(2, 3)));
                p.put("c", base.zeros(new Shape(4)));
                Map<String, NDArray> g = new LinkedHashMap<>();
                g.put("a", base.zeros(new Shape(2, 3)));
                g.put("c", base.zeros(new Shape(4)));
                InputException e = assertThrows(InputException.class, () -> opt.step(p, g, 0.1));
                assertTrue(e.getMessage().contains("missing exp_avg/c"), e.getMessage());
                assertTrue(e.getMessage().contains("unexpected exp_avg/b"), e.getMessage());
            }
        }
    }

    @Test
    void badGradientsAreRefusedWithoutTouchingParameters() {
        try (NDManager base = NDManager.newBaseManager();
                Optimizer opt = new Adam(Adam.Settings.adam(), GradientClipping.none())) {
            Map<String, NDArray> p = initialParameters(base);
            float[] before = flat(p);
            Map<String, NDArray> g = gradients(base, 0);
            g.put("b", base.create(new float[] {1, Float.NaN, 0, 0}));
            ArithmeticException e = assertThrows(ArithmeticException.class, () -> opt.step(p, g, 0.1));
            assertTrue(e.getMessage().contains("gradient norm is NaN at optimizer step 1"), e.getMessage());
            assertArrayEquals(before, flat(p), 0f);
            assertEquals(0, opt.steps());
            g.remove("b");
            g.put("z", base.zeros(new Shape(4)));
            IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> opt.step(p, g, 0.1));
            assertEquals("optimizer step: no gradient for 'b'; gradient for unknown parameter 'z'",
                    e2.getMessage());
            Map<String, NDArray> g3 = gradients(base, 0);
            g3.put("a", base.zeros(new Shape(3, 2)));
            IllegalArgumentException e3 = assertThrows(IllegalArgumentException.class,
                    () -> opt.step(p, g3, 0.1));
            assertEquals("optimizer step: gradient of 'a' has shape (3, 2), parameter (2, 3)", e3.getMessage());
        }
    }

    @Test
    void stepsKeepNoArraysBeyondTheirSlots() {
        try (NDManager base = NDManager.newBaseManager()) {
            for (Supplier<Optimizer> make : all()) {
                try (Optimizer opt = make.get()) {
                    Map<String, NDArray> p = initialParameters(base);
                    Map<String, NDArray> g = gradients(base, 1);
                    opt.step(p, g, 0.01);
                    int managed = base.getManagedArrays().size();
                    int slots = opt.saveState().slots().size();
                    for (int i = 0; i < 50; i++) {
                        opt.step(p, g, 0.01);
                    }
                    assertEquals(managed, base.getManagedArrays().size(), "caller's manager");
                    assertEquals(slots, opt.saveState().slots().size());
                    assertFalse(p.get("a").isReleased());
                    assertFalse(g.get("a").isReleased());
                }
            }
        }
    }
}
