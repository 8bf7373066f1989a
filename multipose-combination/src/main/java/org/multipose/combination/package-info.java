/**
 * The reusable multi-pose combination module: combine per-pose predictions y_i (free energies in kT, lower = tighter)
 * into one prediction ŷ with a mean, a smooth minimum/maximum (LSE) or a Boltzmann average, and turn the per-pose
 * parameter gradients into the gradient of the combined prediction exactly, plus readouts from kT to assay units.
 *
 * <p>Two ways to get the combined parameter gradient, same result:
 * <ul>
 *   <li><b>dictionary route</b>: one backward per pose, each pose's gradient copied into a {@link GradientDictionary}
 *       and the model's buffers zeroed; {@link Combination#backward(CombinationResult, double, double[],
 *       java.util.List, ai.djl.ndarray.NDManager)} returns Σ_i k_i·g_i with k_i = dL/dŷ·c_i + dL/dy_i;</li>
 *   <li><b>batched route</b>: forward all poses, compute k_i as constants, backpropagate the scalar Σ_i k_i·y_i once
 *       ({@link PoseGradientSurrogate}), or pose by pose accumulating.</li>
 * </ul>
 * {@link MultiPoseModel} runs either route for a DJL {@link ai.djl.nn.Block}.
 *
 * <p>This package depends on DJL's api and the JDK only, nothing else of multipose.
 */
package org.multipose.combination;
