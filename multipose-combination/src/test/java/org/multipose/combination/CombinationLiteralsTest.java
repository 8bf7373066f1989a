package org.multipose.combination;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.multipose.combination.CombinationReference.*;

import org.junit.jupiter.api.Test;

/**
 * The scalar maths of the three combinations (ŷ, w_i, c_i) against literals from combination_reference.py and values
 * worked out by hand, c_i against central finite differences of ŷ in double, and the numerically hard cases: N = 1,
 * N = 1000, equal predictions, ±1e4, scale 1000, NaN/Inf.
 */
class CombinationLiteralsTest {

    /** Literals are printed with 17 significant digits; the Java and numpy sums differ in order only. */
    private static final double TOL = 1e-12;

    @Test
    void meanOfFivePoses() {
        CombinationResult r = new MeanCombination().forward(Y5);
        assertEquals(MEAN5, r.combined(), TOL);
        assertArrayEquals(new double[] {0.2, 0.2, 0.2, 0.2, 0.2}, r.weights(), TOL);
        assertArrayEquals(r.weights(), r.coefficients(), 0.0);
        assertArrayEquals(Y5, r.predictions(), 0.0);
    }

    @Test
    void smoothMinimumOfFivePoses() {
        CombinationResult r = new MaxCombination(true, 1.0).forward(Y5);
        assertEquals(MIN5_T1, r.combined(), TOL);
        assertArrayEquals(MIN5_T1_W, r.weights(), TOL);
        assertArrayEquals(r.weights(), r.coefficients(), 0.0);

        CombinationResult hard = new MaxCombination().forward(Y5);
        assertEquals(MIN5_T1000, hard.combined(), TOL);
        assertArrayEquals(MIN5_T1000_W, hard.weights(), TOL);
    }

    @Test
    void smoothMaximumOfFivePoses() {
        CombinationResult r = new MaxCombination(false, 2.0).forward(Y5);
        assertEquals(MAX5_T2, r.combined(), TOL);
        assertArrayEquals(MAX5_T2_W, r.weights(), TOL);
    }

    @Test
    void boltzmannOfFivePoses() {
        CombinationResult r = new BoltzmannCombination().forward(Y5);
        assertEquals(BOLTZ5_KT1, r.combined(), TOL);
        assertArrayEquals(BOLTZ5_KT1_W, r.weights(), TOL);
        assertArrayEquals(BOLTZ5_KT1_C, r.coefficients(), 1e-10); // complex-step reference: rounding ~1e-15

        CombinationResult cold = new BoltzmannCombination(0.6).forward(Y5);
        assertEquals(BOLTZ5_KT06, cold.combined(), TOL);
        assertArrayEquals(BOLTZ5_KT06_W, cold.weights(), TOL);
        assertArrayEquals(BOLTZ5_KT06_C, cold.coefficients(), 1e-10);
    }

    @Test
    void coefficientsAreCentralDifferencesOfTheCombinedValue() {
        Combination[] all = {new MeanCombination(), new MaxCombination(true, 1.0), new MaxCombination(false, 3.0),
            new MaxCombination(), new BoltzmannCombination(), new BoltzmannCombination(0.6)};
        double h = 1e-6;
        for (Combination c : all) {
            CombinationResult r = c.forward(Y5);
            for (int i = 0; i < Y5.length; i++) {
                double[] up = Y5.clone();
                double[] down = Y5.clone();
                up[i] += h;
                down[i] -= h;
                double fd = (c.forward(up).combined() - c.forward(down).combined()) / (2 * h);
                // truncation h²·f'''/6 ≤ 1e-12·t² and rounding 1e-16/h = 1e-10 for |ŷ| ~ 5
                assertEquals(fd, r.coefficient(i), 1e-8, c + " pose " + i);
            }
        }
    }

    @Test
    void weightsSumToOne() {
        for (Combination c : new Combination[] {new MeanCombination(), new MaxCombination(true, 0.3),
            new BoltzmannCombination(2.0)}) {
            double s = 0;
            for (double w : c.forward(Y5).weights()) {
                s += w;
            }
            assertEquals(1.0, s, 1e-15, c.toString());
        }
    }

    @Test
    void onePoseIsItsOwnCombination() {
        double[] y = {2.5};
        for (Combination c : new Combination[] {new MeanCombination(), new MaxCombination(),
            new MaxCombination(true, 1.0), new MaxCombination(false, 1.0), new BoltzmannCombination()}) {
            CombinationResult r = c.forward(y);
            assertEquals(2.5, r.combined(), 1e-15, c.toString());
            assertEquals(1.0, r.weight(0), 0.0, c.toString());
            assertEquals(1.0, r.coefficient(0), 0.0, c.toString());
        }
    }

    @Test
    void equalPredictionsShiftTheSmoothExtremeByLnNOverT() {
        double[] y = {1.5, 1.5, 1.5, 1.5};
        double ln4 = 1.3862943611198906; // by hand
        assertEquals(1.5 - ln4, new MaxCombination(true, 1.0).forward(y).combined(), 1e-15);
        assertEquals(1.5 - ln4 / 1000, new MaxCombination().forward(y).combined(), 1e-15);
        assertEquals(1.5 + ln4, new MaxCombination(false, 1.0).forward(y).combined(), 1e-15);
        CombinationResult b = new BoltzmannCombination().forward(y);
        assertEquals(1.5, b.combined(), 1e-15);
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, b.weights(), 1e-16);
        // c_i = w_i·(1 − (y_i − ŷ)/kT) = w_i when all are equal
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, b.coefficients(), 1e-16);
    }

    @Test
    void predictionsOfTenThousandKtStayExact() {
        double[] y = {1e4, -1e4, 3.0};
        CombinationResult min = new MaxCombination().forward(y); // a = ∓1e7: exp would overflow unshifted
        assertEquals(-1e4, min.combined(), 0.0);
        assertArrayEquals(new double[] {0, 1, 0}, min.weights(), 0.0);
        assertEquals(1e4, new MaxCombination(false, 1000.0).forward(y).combined(), 0.0);
        CombinationResult b = new BoltzmannCombination().forward(y);
        assertEquals(-1e4, b.combined(), 0.0);
        assertArrayEquals(new double[] {0, 1, 0}, b.weights(), 0.0);
        assertArrayEquals(new double[] {0, 1, 0}, b.coefficients(), 0.0);
        assertEquals(1.0, new MeanCombination().forward(y).combined(), 0.0);
    }

    @Test
    void aThousandPoses() {
        double[] y = new double[1000];
        for (int i = 0; i < y.length; i++) {
            y[i] = -5.0 + 10.0 * ((i * 7919) % 1000) / 1000.0;
        }
        int[] idx = {0, 1, 999};
        assertEquals(MEAN1000, new MeanCombination().forward(y).combined(), TOL);
        CombinationResult soft = new MaxCombination(true, 1.0).forward(y);
        assertEquals(MIN1000_T1, soft.combined(), TOL);
        CombinationResult hard = new MaxCombination().forward(y);
        assertEquals(MIN1000_T1000, hard.combined(), TOL);
        CombinationResult b = new BoltzmannCombination().forward(y);
        assertEquals(BOLTZ1000, b.combined(), TOL);
        for (int j = 0; j < idx.length; j++) {
            assertEquals(MIN1000_T1_W[j], soft.weight(idx[j]), TOL);
            assertEquals(MIN1000_T1000_W[j], hard.weight(idx[j]), TOL);
            assertEquals(BOLTZ1000_W[j], b.weight(idx[j]), TOL);
            assertEquals(BOLTZ1000_C[j], b.coefficient(idx[j]), 1e-10);
        }
    }

    @Test
    void nonFinitePredictionsNameThePose() {
        for (Combination c : new Combination[] {new MeanCombination(), new MaxCombination(),
            new BoltzmannCombination()}) {
            IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                    () -> c.forward(new double[] {1.0, 2.0, Double.NaN, 0.0}));
            assertTrue(nan.getMessage().startsWith("pose 2 of 4: prediction is NaN"), nan.getMessage());
            IllegalArgumentException inf = assertThrows(IllegalArgumentException.class,
                    () -> c.forward(new double[] {Double.NEGATIVE_INFINITY}));
            assertTrue(inf.getMessage().startsWith("pose 0 of 1: prediction is -Infinity"), inf.getMessage());
            assertThrows(IllegalArgumentException.class, () -> c.forward(new double[0]));
        }
    }

    @Test
    void overflowingProductsNameThePose() {
        IllegalArgumentException max = assertThrows(IllegalArgumentException.class,
                () -> new MaxCombination(true, 1e300).forward(new double[] {0.0, 1e10}));
        assertTrue(max.getMessage().startsWith("pose 1: scale × prediction"), max.getMessage());
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
                () -> new BoltzmannCombination(1e-300).forward(new double[] {-1e10}));
        assertTrue(b.getMessage().startsWith("pose 0: −prediction/kT"), b.getMessage());
    }

    @Test
    void invalidOptionsAreRejected() {
        for (double bad : new double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> new MaxCombination(true, bad));
            assertThrows(IllegalArgumentException.class, () -> new BoltzmannCombination(bad));
        }
    }

    @Test
    void poseLossGradientsAddTheDirectTerm() {
        CombinationResult r = new BoltzmannCombination().forward(Y5);
        double[] k = r.poseLossGradients(2.0, new double[] {0.1, 0.0, -0.3, 0.0, 1.0});
        double[] expected = new double[5];
        double[] direct = {0.1, 0.0, -0.3, 0.0, 1.0};
        for (int i = 0; i < 5; i++) {
            expected[i] = 2.0 * BOLTZ5_KT1_C[i] + direct[i];
        }
        assertArrayEquals(expected, k, 1e-10);
        assertArrayEquals(new double[] {0.4, 0.4, 0.4, 0.4, 0.4},
                new MeanCombination().forward(Y5).poseLossGradients(2.0), 1e-15);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> r.poseLossGradients(1.0, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("2 entries for 5 poses"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> r.poseLossGradients(1.0, new double[] {0, 0, Double.NaN, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> r.poseLossGradients(Double.NaN));
    }
}
