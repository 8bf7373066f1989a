package org.multipose.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.multipose.base.InputException;

/** Learning-rate schedules against hand-computed sequences, and exact resume. */
class LrScheduleTest {

    /** The rate used in each epoch while feeding {@code losses} (rate read before each endEpoch). */
    private static double[] ratesUsed(LrSchedule s, double[] losses) {
        double[] out = new double[losses.length];
        for (int i = 0; i < losses.length; i++) {
            out[i] = s.learningRate();
            s.endEpoch(losses[i]);
        }
        return out;
    }

    @Test
    void constantAndStep() {
        assertArrayEquals(new double[] {0.01, 0.01, 0.01}, ratesUsed(new ConstantLr(0.01), new double[3]), 0);
        // 0.1·0.5^⌊e/2⌋
        assertArrayEquals(new double[] {0.1, 0.1, 0.05, 0.05, 0.025, 0.025},
                ratesUsed(new StepLr(0.1, 0.5, 2), new double[6]), 1e-17);
    }

    @Test
    void cosineWithWarmup() {
        // base 1, min 0.1, E = 6, W = 2: warm-up 1/3, 2/3; then 0.1 + 0.9·(1 + cos(π t/4))/2 for t = 0..3:
        // 1, 0.1 + 0.9·(1 + √2/2)/2, 0.55, 0.1 + 0.9·(1 − √2/2)/2; then 0.1.
        double[] expected = {1.0 / 3, 2.0 / 3, 1.0, 0.868198051533946386, 0.55, 0.231801948466053614, 0.1, 0.1};
        assertArrayEquals(expected, ratesUsed(new CosineLr(1.0, 0.1, 6, 2), new double[8]), 1e-15);
        // without warm-up the first epoch is at base
        assertEquals(0.5, new CosineLr(0.5, 0, 10, 0).learningRate(), 0);
    }

    @Test
    void reduceOnPlateauRelative() {
        // factor 0.5, patience 1, relative threshold 0.1, cooldown 1, min 0.2: hand trace in the class comment's
        // rules. Rate after each epoch: reductions after epochs 3, 8, 11; the one after 14 is clipped at min.
        ReduceOnPlateau s = new ReduceOnPlateau(1.0, 0.5, 1, 0.1, ReduceOnPlateau.ThresholdMode.RELATIVE, 1, 0.2);
        double[] losses = {1.0, 0.95, 0.95, 0.97, 0.96, 0.80, 0.79, 0.79, 0.79, 0.79, 0.79, 0.79, 0.79, 0.79};
        double[] after = new double[losses.length];
        for (int i = 0; i < losses.length; i++) {
            s.endEpoch(losses[i]);
            after[i] = s.learningRate();
        }
        assertArrayEquals(new double[] {1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.2, 0.2, 0.2, 0.2},
                after, 0);
        assertEquals(0.80, s.best(), 0);
        assertEquals(14, s.epoch());
    }

    @Test
    void reduceOnPlateauAbsoluteAndNan() {
        ReduceOnPlateau s = new ReduceOnPlateau(1.0, 0.1, 0, 0.05, ReduceOnPlateau.ThresholdMode.ABSOLUTE, 0, 0);
        s.endEpoch(1.0);
        assertEquals(1.0, s.learningRate(), 0);
        s.endEpoch(0.96); // not below 1.0 − 0.05
        assertEquals(0.1, s.learningRate(), 0);
        s.endEpoch(0.90); // below 0.95: better
        assertEquals(0.1, s.learningRate(), 0);
        s.endEpoch(Double.NaN); // never better: a bad epoch, patience 0 → reduce
        assertEquals(0.01, s.learningRate(), Math.ulp(0.01)); // 0.1·0.1 in binary is 1 ulp above 0.01
    }

    static List<Supplier<LrSchedule>> all() {
        return List.of(() -> new ConstantLr(0.3), () -> new StepLr(0.1, 0.5, 2), () -> new CosineLr(1, 0.1, 9, 2),
                () -> new ReduceOnPlateau(1.0, 0.5, 1, 0.1, ReduceOnPlateau.ThresholdMode.RELATIVE, 1, 0.2));
    }

    @Test
    void saveRestoreContinuesExactly() {
        double[] losses = {1.0, 0.95, 0.95, 0.97, 0.96, 0.80, 0.79, 0.79, 0.79, 0.79, 0.79};
        for (Supplier<LrSchedule> make : all()) {
            double[] straight = ratesUsed(make.get(), losses);
            LrSchedule first = make.get();
            double[] head = ratesUsed(first, java.util.Arrays.copyOf(losses, 5));
            LrSchedule resumed = make.get();
            resumed.restoreState(first.saveState());
            assertEquals(5, resumed.epoch());
            double[] tail = ratesUsed(resumed, java.util.Arrays.copyOfRange(losses, 5, losses.length));
            double[] joined = new double[losses.length];
            System.arraycopy(head, 0, joined, 0, 5);
            System.arraycopy(tail, 0, joined, 5, tail.length);
            assertArrayEquals(straight, joined, 0, first.kind());
        }
    }

    @Test
    void restoreRefusesOtherScheduleOrSettings() {
        SavedState step = new StepLr(0.1, 0.5, 2).saveState();
        InputException e = assertThrows(InputException.class, () -> new CosineLr(1, 0, 5, 0).restoreState(step));
        assertTrue(e.getMessage().contains("holds step state but the config asks for cosine"), e.getMessage());
        InputException e2 = assertThrows(InputException.class, () -> new StepLr(0.1, 0.5, 3).restoreState(step));
        assertTrue(e2.getMessage().contains("step_epochs = 2.0 but the config now says 3.0"), e2.getMessage());
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ConstantLr(0));
        assertThrows(IllegalArgumentException.class, () -> new StepLr(0.1, 1.5, 2));
        assertThrows(IllegalArgumentException.class, () -> new CosineLr(0.1, 0.2, 5, 0));
        assertThrows(IllegalArgumentException.class, () -> new CosineLr(0.1, 0, 5, 5));
        assertThrows(IllegalArgumentException.class,
                () -> new ReduceOnPlateau(0.1, 1.0, 1, 0, ReduceOnPlateau.ThresholdMode.RELATIVE, 0, 0));
    }
}
