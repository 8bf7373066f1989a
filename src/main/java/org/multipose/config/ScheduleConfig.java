package org.multipose.config;

import java.util.Objects;

/**
 * Learning-rate schedule, stepped once per epoch; an optional linear warm-up comes first.
 *
 * @param kind         the schedule
 * @param stepSize     step: epochs between decays
 * @param gamma        step: decay factor
 * @param warmupEpochs epochs of linear warm-up from 0 to lr
 * @param minLr        cosine: final learning rate; plateau: lower bound
 * @param factor       plateau: decay factor
 * @param patience     plateau: epochs without improvement before a decay
 * @param threshold    plateau: smallest relative improvement that counts
 * @param cooldown     plateau: epochs to wait after a decay
 */
public record ScheduleConfig(
        @Doc("learning-rate schedule (per epoch)") Kind kind,
        @Range(min = 1) @Doc(value = "step: epochs between decays", unit = "epochs") int stepSize,
        @Range(min = 0, max = 1, minOpen = true) @Doc("step: decay factor") double gamma,
        @Range(min = 0) @Doc(value = "linear warm-up from 0 to lr", unit = "epochs") int warmupEpochs,
        @Range(min = 0) @Doc("cosine: final learning rate; plateau: lower bound") double minLr,
        @Range(min = 0, max = 1, minOpen = true, maxOpen = true) @Doc("plateau: decay factor") double factor,
        @Range(min = 0) @Doc(value = "plateau: epochs without improvement before a decay", unit = "epochs")
                int patience,
        @Range(min = 0) @Doc("plateau: smallest relative improvement that counts") double threshold,
        @Range(min = 0) @Doc(value = "plateau: epochs to wait after a decay", unit = "epochs") int cooldown) {

    /** Schedules. */
    public enum Kind { CONSTANT, STEP, COSINE, PLATEAU }

    public ScheduleConfig {
        Objects.requireNonNull(kind, "kind");
    }

    public static ScheduleConfig defaults() {
        return new ScheduleConfig(Kind.CONSTANT, 10, 0.1, 0, 0.0, 0.1, 10, 1e-4, 0);
    }
}
