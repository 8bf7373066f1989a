package org.multipose.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.multipose.grid.GridMaker;
import org.multipose.model.PoseModel;
import org.multipose.refine.PoseRefiner;
import org.multipose.refine.RefineOptions;
import org.multipose.refine.Refinement;
import org.multipose.refine.RigidBodyTest;
import org.multipose.refine.RigidGradient;
import org.multipose.refine.RigidMotion;
import org.multipose.structure.Molecule;
import org.multipose.train.EngineThreads;
import org.multipose.train.optim.Adam;
import org.multipose.train.optim.GradientClipping;
import org.multipose.typing.TypedAtoms;

/**
 * Refinement with a trained network pulls a displaced pose back toward where the network's y is low.
 *
 * <p>A model trained on the demo's affinity labels has no reason to put its minimum at the docked pose (those labels
 * score compounds, not positions; a short run on them even gives a constant network). So the toy model here is
 * trained, in the test, on what refinement needs: the demo's first pose in its pocket moved by random rigid motions
 * (translations up to ±1.5 Å per axis, rotations up to ±0.3 rad per axis about the centroid), with the target y =
 * RMSD² to the docked pose (kT), on the 16³ / 1 Å grid held at the docked centroid — the real gridding, network and
 * optimizer (600 Adam steps of 8 poses, lr 3e-3, seeds fixed, one PyTorch thread: 3–9 s on the shared machine).
 * Then the docked pose is shifted by 1 Å and refined with the default options.
 */
class ToyModelRefineTest {

    @Test
    void aDisplacedPoseIsPulledBackByATrainedToyModel() {
        EngineThreads.configure(1);
        TypedAtoms receptor = RefineFixture.receptor();
        Molecule mol = RefineFixture.poses(1).get(0);
        TypedAtoms ligand = RefineFixture.ligand(mol);
        float[] docked = ligand.coords();
        double[] c0 = RigidGradient.centroid(docked);
        int n = RefineFixture.SPEC.pointsPerSide();
        int batchSize = 8;
        try (PoseModel model = PoseModel.create(RefineFixture.MODEL, 3);
                GridMaker maker = new GridMaker(RefineFixture.SPEC);
                NDManager manager = NDManager.newBaseManager();
                Adam adam = new Adam(Adam.Settings.adam(), GradientClipping.none())) {
            train(model, maker, manager, adam, receptor, ligand, c0, batchSize, n);
            try (PoseScorer scorer = new PoseScorer(List.of(model), RefineFixture.SPEC, receptor, ligand, c0, 1)) {
                double yDocked = scorer.value(docked);
                RigidMotion shift = RigidMotion.identity(c0).then(new double[] {0.6, -0.48, 0.64}, new double[3]);
                float[] start = shift.apply(docked);
                assertEquals(1.0, Refinement.rmsd(docked, start), 1e-6);
                Refinement r = PoseRefiner.refine(scorer, start, RefineOptions.defaults());
                double after = Refinement.rmsd(docked, r.refined());
                assertTrue(r.yBefore() > yDocked + 0.5, "the toy model learned a bowl: y(docked) " + yDocked
                        + ", y(1 Å away) " + r.yBefore());
                assertTrue(r.yAfter() < r.yBefore() - 0.5, "y " + r.yBefore() + " → " + r.yAfter());
                assertTrue(after < 0.5, "RMSD to the docked pose 1.0 → " + after + " Å");
                assertTrue(r.steps() > 0);
                double[] h = r.history();
                for (int i = 1; i < h.length; i++) {
                    assertTrue(h[i] < h[i - 1], "y rose at step " + i + ": " + h[i - 1] + " → " + h[i]);
                }
                assertEquals(r.yAfter(), scorer.value(r.refined()), 0.0, "the reported y is the refined pose's");
                RigidBodyTest.assertDistancesKept(mol.coords(), r.motion().apply(shift.apply(mol.coords())),
                        1e-4);
            }
        }
    }

    /** 600 Adam steps on y = RMSD² to the docked pose for random rigid motions of it. */
    private static void train(PoseModel model, GridMaker maker, NDManager manager, Adam adam, TypedAtoms receptor,
            TypedAtoms ligand, double[] c0, int batchSize, int n) {
        int nr = receptor.size();
        int nl = ligand.size();
        float[] xyz = new float[3 * (nr + nl)];
        int[] types = new int[nr + nl];
        float[] radii = new float[nr + nl];
        System.arraycopy(receptor.coords(), 0, xyz, 0, 3 * nr);
        for (int i = 0; i < nr; i++) {
            types[i] = receptor.channels()[i];
            radii[i] = receptor.radii()[i];
        }
        for (int i = 0; i < nl; i++) {
            types[nr + i] = ligand.channels()[i] + receptor.channelCount();
            radii[nr + i] = ligand.radii()[i];
        }
        float[] docked = ligand.coords();
        int len = maker.gridLength(28);
        float[] batch = new float[batchSize * len];
        float[] grid = new float[len];
        float[] targets = new float[batchSize];
        SplittableRandom rng = new SplittableRandom(11);
        model.setAffinityBias(1.5);
        for (int step = 0; step < 600; step++) {
            for (int s = 0; s < batchSize; s++) {
                double[] t = new double[3];
                double[] w = new double[3];
                for (int k = 0; k < 3; k++) {
                    t[k] = rng.nextDouble(-1.5, 1.5);
                    w[k] = rng.nextDouble(-0.3, 0.3);
                }
                float[] moved = RigidMotion.identity(c0).then(t, w).apply(docked);
                double rmsd = Refinement.rmsd(docked, moved);
                targets[s] = (float) (rmsd * rmsd);
                System.arraycopy(moved, 0, xyz, 3 * nr, 3 * nl);
                maker.forward(xyz, types, radii, c0, grid);
                System.arraycopy(grid, 0, batch, s * len, len);
            }
            try (NDManager sm = manager.newSubManager()) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray y = model.affinity(sm.create(batch, new Shape(batchSize, 28, n, n, n)));
                    gc.backward(y.sub(sm.create(targets)).square().mean());
                }
                Map<String, NDArray> g = model.copyGradients(sm);
                model.zeroGradients();
                adam.step(model.parameters(), g, 3e-3);
            }
        }
    }
}
