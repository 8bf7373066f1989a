package org.multipose.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;

/**
 * Adam (torch.optim.Adam, L2 weight decay added to the gradient) or AdamW (torch.optim.AdamW, decoupled weight
 * decay), following PyTorch's documented rule; each line is one operation in the parameter's precision, scalars in
 * float64 then rounded once:
 * <pre>
 *   t ← t + 1
 *   Adam:  g ← g + λ·θ                      AdamW:  θ ← θ·(1 − γ·λ)
 *   m ← β₁·m + (1 − β₁)·g
 *   v ← β₂·v + (1 − β₂)·(g·g)
 *   denom ← √v / √(1 − β₂ᵗ) + ε
 *   θ ← θ − (m / denom)·(γ / (1 − β₁ᵗ))
 * </pre>
 * which equals θ ← θ − γ·m̂ / (√v̂ + ε) with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ). Slots: {@code exp_avg/<parameter>}
 * (m) and {@code exp_avg_sq/<parameter>} (v), zero before the first step.
 */
public final class Adam extends AbstractOptimizer {

    /**
     * Adam hyperparameters.
     *
     * @param beta1       β₁ ∈ [0, 1), e.g. 0.9
     * @param beta2       β₂ ∈ [0, 1), e.g. 0.999
     * @param epsilon     ε > 0, e.g. 1e-8
     * @param weightDecay λ ≥ 0 (Adam: L2 on the gradient; AdamW: decoupled, PyTorch's default 0.01)
     * @param decoupled   true for AdamW
     */
    public record Settings(double beta1, double beta2, double epsilon, double weightDecay, boolean decoupled) {

        public Settings {
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("Adam betas must be in [0, 1), got " + beta1 + ", " + beta2);
            }
            if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
                throw new IllegalArgumentException("Adam epsilon must be finite and > 0, got " + epsilon);
            }
            if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
                throw new IllegalArgumentException("weight decay must be finite and ≥ 0, got " + weightDecay);
            }
        }

        /** torch.optim.Adam's defaults: β = (0.9, 0.999), ε = 1e-8, no weight decay. */
        public static Settings adam() {
            return new Settings(0.9, 0.999, 1e-8, 0, false);
        }

        /** torch.optim.AdamW's defaults: β = (0.9, 0.999), ε = 1e-8, decoupled weight decay 0.01. */
        public static Settings adamW() {
            return new Settings(0.9, 0.999, 1e-8, 0.01, true);
        }
    }

    private final Settings settings;

    public Adam(Settings settings, GradientClipping clipping) {
        this(settings, clipping, Map.of());
    }

    /** @param lrFactors parameter name → factor on the learning rate (e.g. pretrained layers); others 1 */
    public Adam(Settings settings, GradientClipping clipping, Map<String, Double> lrFactors) {
        super(clipping, lrFactors);
        this.settings = settings;
    }

    @Override
    public String kind() {
        return settings.decoupled() ? "adamw" : "adam";
    }

    @Override
    Map<String, Double> settings() {
        return Map.of("beta1", settings.beta1(), "beta2", settings.beta2(), "epsilon", settings.epsilon(),
                "weight_decay", settings.weightDecay());
    }

    @Override
    List<String> slotNames() {
        return List.of("exp_avg", "exp_avg_sq");
    }

    @Override
    void update(String name, NDArray p, NDArray g, double lr, long t, NDManager step) {
        double b1 = settings.beta1();
        double b2 = settings.beta2();
        double wd = settings.weightDecay();
        if (wd != 0) {
            if (settings.decoupled()) {
                p.muli(scalar(1 - lr * wd, p));
            } else {
                g = g.add(p.mul(scalar(wd, p)));
            }
        }
        NDArray m = slot("exp_avg", name, step);
        if (m == null) {
            m = keepSlot("exp_avg", name, p.zerosLike(), step);
        }
        NDArray v = slot("exp_avg_sq", name, step);
        if (v == null) {
            v = keepSlot("exp_avg_sq", name, p.zerosLike(), step);
        }
        m.muli(scalar(b1, m)).addi(g.mul(scalar(1 - b1, g)));
        v.muli(scalar(b2, v)).addi(g.mul(g).mul(scalar(1 - b2, g)));
        double bias1 = 1 - Math.pow(b1, t);
        double bias2 = 1 - Math.pow(b2, t);
        NDArray denom = v.sqrt().div(scalar(Math.sqrt(bias2), v)).add(scalar(settings.epsilon(), v));
        p.subi(m.div(denom).mul(scalar(lr / bias1, p)));
    }
}
