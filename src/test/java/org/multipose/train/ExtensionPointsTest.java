package org.multipose.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.multipose.config.CombinationConfig;
import org.multipose.config.LossConfig;
import org.multipose.config.ModelConfig;
import org.multipose.model.Architectures;
import org.multipose.model.ModelSpec;
import org.multipose.train.loss.LossNeeds;
import org.multipose.train.loss.Losses;
import org.multipose.train.loss.WeightedLoss;
import org.multipose.typing.AtomTyper;
import org.multipose.typing.Typers;

/**
 * Each registry covers its config choices, and what each built-in declares matches the design (literals from
 * MATH.md §4: gaussian_nll reads σ, the pose losses read RMSDs).
 */
class ExtensionPointsTest {

    private static List<String> yamlNames(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toList();
    }

    @Test
    void everyConfigKindAndMethodHasItsEntry() {
        assertEquals(yamlNames(LossConfig.Kind.values()), Losses.REGISTRY.names());
        assertEquals(yamlNames(CombinationConfig.Method.values()), Combinations.REGISTRY.names());
        assertEquals(List.of("gnina", "element"), Typers.REGISTRY.names());
        assertEquals(List.of("default2018", "small", "dense"), Architectures.REGISTRY.names());
        assertTrue(Architectures.REGISTRY.names().containsAll(yamlNames(ModelConfig.Architecture.values())));
    }

    @Test
    void architecturesGiveTheirDefaultWidths() {
        assertEquals(List.of(32, 32, 64, 64, 128), ModelSpec.defaultWidths("default2018"));
        assertEquals(List.of(8, 8, 16, 16, 32), ModelSpec.defaultWidths("small"));
        assertEquals(List.of(32, 16, 4, 3), ModelSpec.defaultWidths("dense"));
        assertEquals("unknown model architecture 'resnet'; allowed: default2018, small, dense",
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                        () -> ModelSpec.defaultWidths("resnet")).getMessage());
    }

    @Test
    void lossesDeclareTheirDataNeeds() {
        Map<String, LossNeeds> needs = new TreeMap<>();
        for (LossConfig.Kind k : LossConfig.Kind.values()) {
            LossConfig entry = LossConfig.of(k);
            needs.put(k.name().toLowerCase(Locale.ROOT), Losses.create(entry).needs());
        }
        LossNeeds none = new LossNeeds(false, false);
        LossNeeds sigma = new LossNeeds(true, false);
        LossNeeds rmsd = new LossNeeds(false, true);
        assertEquals(Map.of("mse", none, "censored_mse", none, "gaussian_nll", sigma, "range", none, "pose_ce", rmsd,
                "hinge", rmsd, "pose_class", rmsd), needs);
        assertEquals(new LossNeeds(true, true), new WeightedLoss(List.of(
                new WeightedLoss.Term(Losses.create(LossConfig.of(LossConfig.Kind.GAUSSIAN_NLL)), 1),
                new WeightedLoss.Term(Losses.create(LossConfig.of(LossConfig.Kind.HINGE)), 1))).needs());
    }

    @Test
    void aTypersNameIsTheOneItRecords() {
        for (String name : Typers.REGISTRY.names()) {
            for (AtomTyper t : Typers.candidates(name)) {
                assertEquals(name, t.spec().typer());
            }
        }
        assertEquals(2, Typers.candidates("gnina").size());
        assertTrue(Typers.candidates("smina").isEmpty());
        assertEquals("gnina (28 XS channels) or element", Typers.choices());
    }
}
