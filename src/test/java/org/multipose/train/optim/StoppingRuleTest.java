package org.multipose.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.multipose.base.InputException;

/** Early-stopping rules against hand-traced decisions, and exact resume. */
class StoppingRuleTest {

    private static boolean[] decisions(StoppingRule r, double[] losses) {
        boolean[] out = new boolean[losses.length];
        for (int i = 0; i < losses.length; i++) {
            out[i] = r.update(losses[i]);
        }
        return out;
    }

    @Test
    void bestWithPatience() {
        BestWithPatience r = new BestWithPatience(2);
        // best 3, 2 (epoch 2); 2.5 and 2.1 are two epochs without a new best → stop at epoch 4;
        // 1.9 is a new best (epoch 5); two more without → stop at epoch 7.
        assertArrayEquals(new boolean[] {false, false, false, true, false, false, true},
                decisions(r, new double[] {3, 2, 2.5, 2.1, 1.9, 2, 2}));
        assertEquals(1.9, r.best(), 0);
        assertEquals(5, r.bestEpoch());
        // an equal loss is not an improvement; NaN is never one
        BestWithPatience eq = new BestWithPatience(1);
        assertArrayEquals(new boolean[] {false, true}, decisions(eq, new double[] {1, 1}));
        BestWithPatience nan = new BestWithPatience(1);
        assertArrayEquals(new boolean[] {false, true}, decisions(nan, new double[] {1, Double.NaN}));
    }

    @Test
    void converged() {
        Converged r = new Converged(3, 0.01);
        // windows: [1, .5, .4] spread .6; [.5, .4, .401] spread .1; [.4, .401, .402] spread .002 < .01·.401
        assertArrayEquals(new boolean[] {false, false, false, false, true},
                decisions(r, new double[] {1.0, 0.5, 0.4, 0.401, 0.402}));
        Converged withNan = new Converged(2, 0.5);
        assertArrayEquals(new boolean[] {false, false, false, true},
                decisions(withNan, new double[] {1.0, Double.NaN, 1.0, 1.0}));
    }

    @Test
    void burnInHoldsTheStopUntilEpochK() {
        BurnIn r = new BurnIn(5, new BestWithPatience(1));
        // inner would stop at epochs 2 and 3 (no new best), 5 (after the best at 4); only epoch 5 is ≥ 5.
        assertArrayEquals(new boolean[] {false, false, false, false, true},
                decisions(r, new double[] {1, 2, 3, 0.5, 0.6}));
        assertEquals(4, ((BestWithPatience) r.inner()).bestEpoch());
        assertEquals("burn-in(best)", r.kind());
    }

    static List<Supplier<StoppingRule>> all() {
        return List.of(() -> new BestWithPatience(3), () -> new Converged(3, 0.05),
                () -> new BurnIn(6, new Converged(2, 0.05)), () -> new BurnIn(4, new BestWithPatience(2)));
    }

    @Test
    void saveRestoreContinuesExactly() {
        double[] losses = {5, 4, 4.5, 3, 3.05, 3.02, 3.04, 3.03, 3.1, 3.2, 3.3, 3.4};
        for (Supplier<StoppingRule> make : all()) {
            boolean[] straight = decisions(make.get(), losses);
            StoppingRule first = make.get();
            boolean[] head = decisions(first, Arrays.copyOf(losses, 5));
            StoppingRule resumed = make.get();
            resumed.restoreState(first.saveState());
            assertEquals(5, resumed.epochs());
            boolean[] tail = decisions(resumed, Arrays.copyOfRange(losses, 5, losses.length));
            boolean[] joined = new boolean[losses.length];
            System.arraycopy(head, 0, joined, 0, 5);
            System.arraycopy(tail, 0, joined, 5, tail.length);
            assertArrayEquals(straight, joined, first.kind());
        }
    }

    @Test
    void restoreRefusesOtherRuleOrSettings() {
        SavedState s = new BestWithPatience(3).saveState();
        assertThrows(InputException.class, () -> new Converged(3, 0.1).restoreState(s));
        assertThrows(InputException.class, () -> new BestWithPatience(4).restoreState(s));
        assertThrows(InputException.class, () -> new BurnIn(2, new BestWithPatience(3)).restoreState(s));
    }
}
