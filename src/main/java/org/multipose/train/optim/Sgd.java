package org.multipose.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay, following
 * torch.optim.SGD's documented rule (each line one float32 operation in the parameter's precision):
 * <pre>
 *   g ← g + λ·θ                                   (λ = weightDecay, if ≠ 0)
 *   if μ ≠ 0:  b ← g (first step)  else  b ← μ·b + (1 − τ)·g     (τ = dampening)
 *              g ← g + μ·b (Nesterov)  else  g ← b
 *   θ ← θ − γ·g                                   (γ = learning rate)
 * </pre>
 * Slot: {@code momentum_buffer/<parameter>} when μ ≠ 0.
 */
public final class Sgd extends AbstractOptimizer {

    /**
     * SGD hyperparameters.
     *
     * @param momentum    μ ∈ [0, 1)
     * @param dampening   τ ∈ [0, 1]; must be 0 with Nesterov (as in PyTorch)
     * @param nesterov    Nesterov momentum (needs μ > 0)
     * @param weightDecay λ ≥ 0, L2 penalty added to the gradient
     */
    public record Settings(double momentum, double dampening, boolean nesterov, double weightDecay) {

        public Settings {
            if (!(momentum >= 0 && momentum < 1)) {
                throw new IllegalArgumentException("SGD momentum must be in [0, 1), got " + momentum);
            }
            if (!(dampening >= 0 && dampening <= 1)) {
                throw new IllegalArgumentException("SGD dampening must be in [0, 1], got " + dampening);
            }
            if (nesterov && (momentum == 0 || dampening != 0)) {
                throw new IllegalArgumentException("Nesterov momentum needs momentum > 0 and dampening 0");
            }
            if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
                throw new IllegalArgumentException("weight decay must be finite and ≥ 0, got " + weightDecay);
            }
        }

        /** Plain SGD. */
        public static Settings plain() {
            return new Settings(0, 0, false, 0);
        }
    }

    private final Settings settings;

    public Sgd(Settings settings, GradientClipping clipping) {
        this(settings, clipping, Map.of());
    }

    /** @param lrFactors parameter name → factor on the learning rate (e.g. pretrained layers); others 1 */
    public Sgd(Settings settings, GradientClipping clipping, Map<String, Double> lrFactors) {
        super(clipping, lrFactors);
        this.settings = settings;
    }

    @Override
    public String kind() {
        return "sgd";
    }

    @Override
    Map<String, Double> settings() {
        return Map.of("momentum", settings.momentum(), "dampening", settings.dampening(), "nesterov",
                settings.nesterov() ? 1.0 : 0.0, "weight_decay", settings.weightDecay());
    }

    @Override
    List<String> slotNames() {
        return settings.momentum() != 0 ? List.of("momentum_buffer") : List.of();
    }

    @Override
    void update(String name, NDArray p, NDArray g, double lr, long t, NDManager step) {
        double mu = settings.momentum();
        if (settings.weightDecay() != 0) {
            g = g.add(p.mul(scalar(settings.weightDecay(), p)));
        }
        if (mu != 0) {
            NDArray b = slot("momentum_buffer", name, step);
            if (b == null) {
                b = keepSlot("momentum_buffer", name, g.duplicate(), step);
            } else {
                b.muli(scalar(mu, b)).addi(g.mul(scalar(1 - settings.dampening(), g)));
            }
            g = settings.nesterov() ? g.add(b.mul(scalar(mu, b))) : b;
        }
        p.subi(g.mul(scalar(lr, g)));
    }
}
