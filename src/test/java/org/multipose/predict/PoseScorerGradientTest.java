package org.multipose.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.multipose.grid.DoubleDensity;
import org.multipose.model.PoseModel;
import org.multipose.refine.RigidGradient;
import org.multipose.refine.RigidMotion;
import org.multipose.typing.TypedAtoms;

/**
 * The coordinate gradient of the predicted free energy (DJL's input gradient → {@link
 * org.multipose.grid.GridMaker#backward} over the ligand's atoms) against central finite differences of the whole
 * pipeline y(ligand coordinates) = network(density(receptor, ligand)) evaluated in double precision: the tests'
 * independent double-precision density ({@code ReferenceDensity}) and the network in float64. The demo pocket and
 * its first pose (7 heavy atoms), a 16³ grid of 1 Å, a freshly initialised network (seed 7).
 *
 * <p>Tolerances. The analytic side grids in float32 ({@code GridMaker}), rounds Γ to float32 and returns float32
 * atom gradients, so it agrees with the double pipeline to float32 precision, not better: measured here, the largest
 * difference over the 21 coordinates was 1.1e-7 of the largest gradient component with the float64 network, and the
 * values of y differed by 2.7e-8 relative. The tests allow 2e-6 (about 20× that; 1e-6 for y). With the float32
 * network (production) Γ itself is float32: measured 5.4e-7, allowed 1e-5. The rigid derivatives (∂y/∂t, ∂y/∂ω)
 * agreed to 5.1e-8 and 3.7e-8, allowed 2e-6. The finite differences use h = 1e-6 Å: the network's ReLU kinks and the
 * density's shells (where ρ'' jumps, MATH.md §1) lie within a step of an evaluation point with negligible
 * probability, and double rounding of y (|y| ≈ 2e-3) contributes ≈ 3e-13 to a difference quotient, 1e-8 of the
 * gradient.
 */
class PoseScorerGradientTest {

    static final double H = 1e-6;

    static PoseModel model64;
    static PoseModel model32;
    static TypedAtoms receptor;
    static TypedAtoms ligand;
    static double[] center;
    static DoubleDensity density;
    static double[] receptorGrid;
    static NDManager manager;

    @BeforeAll
    static void setUp() {
        model64 = PoseModel.create(RefineFixture.MODEL, 7, DataType.FLOAT64);
        model32 = PoseModel.create(RefineFixture.MODEL, 7, DataType.FLOAT32);
        receptor = RefineFixture.receptor();
        ligand = RefineFixture.ligand(RefineFixture.poses(1).get(0));
        center = RigidGradient.centroid(ligand.coords());
        density = new DoubleDensity(RefineFixture.SPEC);
        receptorGrid = density.forward(toDouble(receptor.coords()), receptor.channels(), toDouble(receptor.radii()),
                center, 28);
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
        model64.close();
        model32.close();
    }

    static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** y of the whole pipeline in double: reference density of receptor + ligand at the fixed center, float64 net. */
    static double yDouble(double[] lig) {
        int[] types = ligand.channels().clone();
        for (int i = 0; i < types.length; i++) {
            types[i] += 14;
        }
        double[] g = density.forward(lig, types, toDouble(ligand.radii()), center, 28);
        for (int i = 0; i < g.length; i++) {
            g[i] += receptorGrid[i];
        }
        int n = density.pointsPerSide();
        try (NDManager s = manager.newSubManager()) {
            return model64.affinity(s.create(g, new Shape(1, 28, n, n, n))).toDoubleArray()[0];
        }
    }

    /** Central differences of yDouble in every coordinate. */
    static double[] finiteDifferences(double[] x) {
        double[] fd = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double[] p = x.clone();
            double[] q = x.clone();
            p[i] += H;
            q[i] -= H;
            fd[i] = (yDouble(p) - yDouble(q)) / (2 * H);
        }
        return fd;
    }

    static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    static void assertClose(double[] expected, double[] actual, double relative, String what) {
        double scale = maxAbs(expected);
        assertTrue(scale > 1e-7, what + ": the gradient is (nearly) zero, the test would prove nothing: " + scale);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], relative * scale, what + " component " + i);
        }
    }

    @Test
    void coordinateGradientEqualsFiniteDifferencesOfTheDoublePipeline() {
        float[] x = ligand.coords();
        double[] fd = finiteDifferences(toDouble(x));
        try (PoseScorer scorer = new PoseScorer(List.of(model64), RefineFixture.SPEC, receptor, ligand, center, 1)) {
            double[] g = new double[x.length];
            double y = scorer.valueAndGradient(x, g);
            double y0 = yDouble(toDouble(x));
            assertEquals(y0, y, 1e-6 * Math.abs(y0), "y on the float32 grid vs the double pipeline");
            assertEquals(y, scorer.value(x), 0.0, "value() and valueAndGradient() give the same y");
            assertClose(fd, g, 2e-6, "float64 network");
        }
        try (PoseScorer scorer = new PoseScorer(List.of(model32), RefineFixture.SPEC, receptor, ligand, center, 2)) {
            double[] g = new double[x.length];
            scorer.valueAndGradient(x, g);
            assertClose(fd, g, 1e-5, "float32 network, 2 threads (this small grid runs in the caller's thread)");
        }
    }

    @Test
    void rigidDerivativesEqualFiniteDifferencesAlongRigidMotions() {
        float[] x = ligand.coords();
        double[] xd = toDouble(x);
        double[] c = RigidGradient.centroid(x);
        double[] gt = new double[3];
        double[] gw = new double[3];
        for (int k = 0; k < 3; k++) {
            double[] p = xd.clone();
            double[] q = xd.clone();
            for (int a = 0; a < x.length / 3; a++) {
                p[3 * a + k] += H;
                q[3 * a + k] -= H;
            }
            gt[k] = (yDouble(p) - yDouble(q)) / (2 * H);
            double[] w = new double[3];
            w[k] = H;
            double[] rp = RigidMotion.rodrigues(w);
            w[k] = -H;
            double[] rq = RigidMotion.rodrigues(w);
            gw[k] = (yDouble(rotate(xd, rp, c)) - yDouble(rotate(xd, rq, c))) / (2 * H);
        }
        try (PoseScorer scorer = new PoseScorer(List.of(model64), RefineFixture.SPEC, receptor, ligand, center, 1)) {
            double[] g = new double[x.length];
            scorer.valueAndGradient(x, g);
            RigidGradient rg = RigidGradient.of(x, g);
            assertClose(gt, rg.translationGradient(), 2e-6, "∂y/∂t");
            assertClose(gw, rg.rotationGradient(), 2e-6, "∂y/∂ω");
            // The step is a descent direction and its slope is the directional derivative of y along it.
            double[] dt = rg.translationStep();
            double[] dw = rg.rotationStep();
            double slope = 0;
            for (int k = 0; k < 3; k++) {
                slope += gt[k] * dt[k] + gw[k] * dw[k];
            }
            assertTrue(rg.slope() < 0);
            assertEquals(slope, rg.slope(), 4e-6 * Math.abs(slope));
        }
    }

    private static double[] rotate(double[] x, double[] r, double[] c) {
        double[] out = new double[x.length];
        for (int a = 0; a < x.length / 3; a++) {
            for (int k = 0; k < 3; k++) {
                double s = 0;
                for (int j = 0; j < 3; j++) {
                    s += r[3 * k + j] * (x[3 * a + j] - c[j]);
                }
                out[3 * a + k] = s + c[k];
            }
        }
        return out;
    }

    @Test
    void anEnsembleScoresTheMeanOfItsMembers() {
        float[] x = ligand.coords();
        try (PoseModel other = PoseModel.create(RefineFixture.MODEL, 8, DataType.FLOAT64);
                PoseScorer a = new PoseScorer(List.of(model64), RefineFixture.SPEC, receptor, ligand, center, 1);
                PoseScorer b = new PoseScorer(List.of(other), RefineFixture.SPEC, receptor, ligand, center, 1);
                PoseScorer both = new PoseScorer(List.of(model64, other), RefineFixture.SPEC, receptor, ligand,
                        center, 1)) {
            double[] ga = new double[x.length];
            double[] gb = new double[x.length];
            double[] g = new double[x.length];
            double ya = a.valueAndGradient(x, ga);
            double yb = b.valueAndGradient(x, gb);
            double y = both.valueAndGradient(x, g);
            assertEquals((ya + yb) / 2, y, 1e-15);
            double[] mean = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                mean[i] = (ga[i] + gb[i]) / 2;
            }
            // Γ is averaged before the (float32) density backward: equal to float rounding.
            assertClose(mean, g, 1e-6, "ensemble gradient");
            // Evaluating again gives the same: the members' and the grid's gradients do not accumulate.
            double[] again = new double[x.length];
            assertEquals(y, both.valueAndGradient(x, again), 0.0);
            assertClose(g, again, 0.0, "second evaluation");
        }
    }
}
