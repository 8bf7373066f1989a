package org.multipose.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.multipose.combination.GradientRoute;
import org.multipose.combination.MeanCombination;
import org.multipose.model.PoseModel;

/** The training step implements two of the combination module's gradient routes, and refuses the third. */
class TrainingRoutesTest {

    @Test
    void theStepTakesDictionaryAndBatchedOnly() {
        assertEquals(List.of(GradientRoute.DICTIONARY, GradientRoute.BATCHED), TrainingStep.ROUTES);
        try (PoseModel model = PoseModel.create(ToyData.model(), 3, DataType.FLOAT64);
                PoseGridder gridder = new PoseGridder(ToyData.GRID, 4, 0, new GridCenter.LigandCentroid(), 1)) {
            assertEquals(GradientRoute.BATCHED,
                    new TrainingStep(model, gridder, new MeanCombination(), GradientRoute.BATCHED).route());
            String m = assertThrows(IllegalArgumentException.class, () -> new TrainingStep(model, gridder,
                    new MeanCombination(), GradientRoute.POSE_BY_POSE)).getMessage();
            assertEquals("route POSE_BY_POSE is not a training route; use one of [DICTIONARY, BATCHED]", m);
        }
    }
}
