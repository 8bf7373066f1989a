package org.multipose.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.multipose.combination.CombinationResult;
import org.multipose.combination.CompoundGradient;
import org.multipose.combination.GradientDictionary;
import org.multipose.combination.GradientRoute;
import org.multipose.combination.MaxCombination;
import org.multipose.combination.PKReadout;
import org.multipose.config.ReadoutConfig;
import org.multipose.data.CompoundPoses;
import org.multipose.data.PoseRecord;
import org.multipose.data.ReceptorRecord;
import org.multipose.model.PoseModel;
import org.multipose.train.loss.LabelReadouts;
import org.multipose.train.loss.MseLoss;

/**
 * The batched route grids the next compound of a batch in the background ({@link GridPrefetch}): the batch's mean
 * gradient and losses must be the bits of gridding every compound on the training thread, and a failed gridding
 * must surface for its own compound and leave the step usable.
 */
class TrainingStepPrefetchTest {

    private static final Augmentation AUGMENT = new Augmentation(true, 2.0, 0.0, false);

    @Test
    void aPrefetchedBatchGivesTheBitsOfGriddingInline() {
        List<BatchStep.Example> batch = examples(ToyData.compounds(5, 31));
        try (PoseModel model = PoseModel.create(ToyData.model(), 3, DataType.FLOAT64);
                PoseGridder gridder = new PoseGridder(ToyData.GRID, 4, 0, new GridCenter.CompoundCentroid(), 1);
                NDManager manager = NDManager.newBaseManager()) {
            TrainingStep inline = new TrainingStep(model, gridder, new MaxCombination(true, 1.0),
                    GradientRoute.BATCHED);
            // reference: each compound gridded on this thread (compound() without prefetch), averaged in batch order
            GradientDictionary expected = null;
            double[] expectedLosses = new double[batch.size()];
            for (int c = 0; c < batch.size(); c++) {
                BatchStep.Example e = batch.get(c);
                CompoundGradient g = inline.compound(e.compound(), e.receptor(), e.loss(), AUGMENT, e.poseSeeds(),
                        manager);
                expected = expected == null ? GradientDictionary.zerosLike(g.gradient(), manager) : expected;
                expected.axpyInPlace(1.0 / batch.size(), g.gradient());
                expectedLosses[c] = g.loss().loss();
            }
            assertEquals(0, inline.prefetchedCompounds());

            TrainingStep step = new TrainingStep(model, gridder, new MaxCombination(true, 1.0), GradientRoute.BATCHED);
            double[] losses = new double[batch.size()];
            GradientDictionary got = BatchStep.meanGradient(step, batch, AUGMENT, manager, losses,
                    new CombinationResult[batch.size()], true);
            assertEquals(batch.size(), step.prefetchedCompounds(), "every compound's grids came from the prefetch");
            assertArrayEquals(expectedLosses, losses);
            assertEquals(expected.names(), got.names());
            for (String name : expected.names()) {
                assertArrayEquals(expected.get(name).toDoubleArray(), got.get(name).toDoubleArray(), 0.0, name);
            }
        }
    }

    @Test
    void withASharedReceptorFrameAndFloat32TheBitsAreTheSameToo() {
        // receptor atoms in channel 0, ligand atoms in 1..3: the gridder grids each compound's receptor frame once and
        // keeps the latest (the order-dependent state the prefetch must keep), float32 as in training
        ReceptorRecord r = ToyData.receptor();
        short[] rt = new short[r.types().length];
        ReceptorRecord receptor = new ReceptorRecord(r.target(), r.sourceFile(), r.coords(), rt, r.radii());
        List<CompoundPoses> compounds = new ArrayList<>();
        for (CompoundPoses cp : ToyData.compounds(4, 34)) {
            List<PoseRecord> poses = new ArrayList<>();
            for (PoseRecord p : cp.poses()) {
                short[] t = p.types();
                for (int k = 0; k < t.length; k++) {
                    t[k]++;
                }
                poses.add(new PoseRecord(p.key(), p.poseIndex(), p.sourceFile(), p.sourceRecord(), p.coords(), t,
                        p.radii(), p.scores()));
            }
            compounds.add(new CompoundPoses(cp.compound(), poses));
        }
        List<BatchStep.Example> shared = new ArrayList<>();
        for (int c = 0; c < compounds.size(); c++) {
            BatchStep.Example e = examples(compounds.subList(c, c + 1)).get(0);
            long seed = 77L * (c + 1); // one frame per compound: every pose the compound's seed
            shared.add(new BatchStep.Example(e.compound(), receptor, e.loss(), i -> seed));
        }
        try (PoseModel model = PoseModel.create(ToyData.model(), 3, DataType.FLOAT32);
                PoseGridder gridder = new PoseGridder(ToyData.GRID, 4, 1, new GridCenter.CompoundCentroid(), 1);
                NDManager manager = NDManager.newBaseManager()) {
            TrainingStep inline = new TrainingStep(model, gridder, new MaxCombination(true, 1.0),
                    GradientRoute.BATCHED);
            double[] expected = new double[shared.size()];
            GradientDictionary want = BatchStep.meanGradient(inline, shared, AUGMENT, manager, expected,
                    new CombinationResult[shared.size()], false);
            long framesInline = gridder.receptorGriddings();
            TrainingStep step = new TrainingStep(model, gridder, new MaxCombination(true, 1.0), GradientRoute.BATCHED);
            double[] losses = new double[shared.size()];
            GradientDictionary got = BatchStep.meanGradient(step, shared, AUGMENT, manager, losses,
                    new CombinationResult[shared.size()], true);
            assertEquals(shared.size(), step.prefetchedCompounds());
            assertEquals(2L * framesInline, gridder.receptorGriddings(), "one receptor frame per compound each time");
            assertEquals(shared.size(), framesInline);
            assertArrayEquals(expected, losses);
            for (String name : want.names()) {
                assertArrayEquals(want.get(name).toFloatArray(), got.get(name).toFloatArray(), 0f, name);
            }
        }
    }

    @Test
    void aFailedGriddingSurfacesForItsCompoundAndTheStepGoesOn() {
        List<CompoundPoses> compounds = new ArrayList<>(ToyData.compounds(4, 32));
        // compound 3 of 4: a pose with a NaN coordinate, so its centre is not finite and the gridder refuses it
        CompoundPoses bad = compounds.get(2);
        PoseRecord p = bad.poses().get(0);
        float[] xyz = p.coords();
        xyz[1] = Float.NaN;
        List<PoseRecord> poses = new ArrayList<>(bad.poses());
        poses.set(0, new PoseRecord(p.key(), p.poseIndex(), p.sourceFile(), p.sourceRecord(), xyz, p.types(),
                p.radii(), p.scores()));
        compounds.set(2, new CompoundPoses(bad.compound(), poses));
        List<BatchStep.Example> batch = examples(compounds);
        try (PoseModel model = PoseModel.create(ToyData.model(), 3, DataType.FLOAT64);
                PoseGridder gridder = new PoseGridder(ToyData.GRID, 4, 0, new GridCenter.CompoundCentroid(), 1);
                NDManager manager = NDManager.newBaseManager()) {
            TrainingStep step = new TrainingStep(model, gridder, new MaxCombination(true, 1.0), GradientRoute.BATCHED);
            String m = assertThrows(IllegalArgumentException.class, () -> BatchStep.meanGradient(step, batch, AUGMENT,
                    manager, new double[4], new CombinationResult[4], true)).getMessage();
            assertTrue(m.startsWith("center needs 3 finite values, got [") && m.contains("NaN"), m);
            assertEquals(2, step.prefetchedCompounds(), "the two compounds before it were trained on");
            // nothing is left in flight: the next batch is served from the prefetch again, compound by compound
            BatchStep.meanGradient(step, batch.subList(0, 2), AUGMENT, manager, new double[2],
                    new CombinationResult[2], true);
            assertEquals(4, step.prefetchedCompounds());
        }
    }

    @Test
    void prefetchPaysOnlyWhenPyTorchAndTheGridderFitInTheCores() {
        assertTrue(BatchStep.prefetchPays(1, 1, 2), "1 + 1 threads on 2 cores (measured: pays)");
        assertFalse(BatchStep.prefetchPays(2, 2, 2), "2 + 2 on 2 (measured: does not)");
        assertFalse(BatchStep.prefetchPays(1, 2, 2));
        assertFalse(BatchStep.prefetchPays(3, 3, 4));
        assertTrue(BatchStep.prefetchPays(3, 1, 4));
        assertFalse(BatchStep.prefetchPays(-1, 1, 64), "PyTorch's count unknown");
    }

    @Test
    void withoutPrefetchEveryCompoundIsGriddedOnTheCallersThread() {
        List<BatchStep.Example> batch = examples(ToyData.compounds(3, 33));
        try (PoseModel model = PoseModel.create(ToyData.model(), 3, DataType.FLOAT64);
                PoseGridder gridder = new PoseGridder(ToyData.GRID, 4, 0, new GridCenter.CompoundCentroid(), 1);
                NDManager manager = NDManager.newBaseManager()) {
            TrainingStep step = new TrainingStep(model, gridder, new MaxCombination(true, 1.0), GradientRoute.BATCHED);
            BatchStep.meanGradient(step, batch, AUGMENT, manager, new double[3], new CombinationResult[3], false);
            assertEquals(0, step.prefetchedCompounds());
        }
    }

    private static List<BatchStep.Example> examples(List<CompoundPoses> compounds) {
        ReceptorRecord receptor = ToyData.receptor();
        PKReadout pk = new PKReadout();
        List<BatchStep.Example> out = new ArrayList<>();
        for (int c = 0; c < compounds.size(); c++) {
            CompoundPoses cp = compounds.get(c);
            long base = 1000L * (c + 1);
            out.add(new BatchStep.Example(cp, receptor, new MseLoss().bind(pk, new LabelReadouts(
                    ReadoutConfig.defaults()).target(cp.compound().label().orElseThrow(), pk, cp.poses(),
                    Optional.empty())), i -> base + i));
        }
        return out;
    }
}
