package org.multipose.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Zero-padding of channel counts to a multiple of {@link #BLOCK}, so that no convolution kernel ever sees a channel
 * count that its memory layout would have to pad itself.
 *
 * <p>Why: oneDNN 3.7.1 (PyTorch 2.7.1 in DJL 0.35.1) runs CPU 3-D convolutions on channel-blocked layouts (16
 * channels per block with AVX-512, 8 with AVX2) and, for channel counts that are not a multiple of the block, reads
 * the layout's padding without initialising it: the forward returns NaN for 28 input channels in most calls, and the
 * gradient to the input is non-finite when the output channels are not a multiple of the block (measured in
 * docs/reliability.md). Padding inputs with zero channels and weights with zero rows and columns computes the same
 * function exactly in real arithmetic: the padded output channels are 0 (zero weights, zero bias), stay 0 through
 * ReLU and average pooling, and meet zero weight columns in the next layer. The parameters keep their natural shapes
 * (checkpoints and gnina's weight files are unaffected); the padding is built per forward and autograd slices the
 * gradients back.
 */
public final class ChannelPadding {

    /** The channel multiple every convolution sees: 16 floats = one AVX-512 register (a multiple of AVX2's 8). */
    public static final int BLOCK = 16;

    private ChannelPadding() {
    }

    /** {@code channels} rounded up to a multiple of {@link #BLOCK}. */
    public static int padded(int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("channel count must be ≥ 1, got " + channels);
        }
        return (channels + BLOCK - 1) / BLOCK * BLOCK;
    }

    /** {@code x} [B, C, ...] with zero channels appended up to {@code padded(C)}; {@code x} itself when C already is. */
    public static NDArray padChannels(NDArray x) {
        return padAxis(x, 1, padded((int) x.getShape().get(1)), x.getManager());
    }

    /**
     * A convolution weight [O, I, k, k, k] with zero rows and columns appended to [outTo, inTo, k, k, k]; the
     * weight itself when no padding is needed. The padded copy lives in {@code step} (the activation's per-step
     * manager), never in the parameter's own long-lived manager.
     */
    public static NDArray padWeight(NDArray w, int outTo, int inTo, NDManager step) {
        return padAxis(padAxis(w, 1, inTo, step), 0, outTo, step);
    }

    /** A bias [O] with zeros appended to [outTo], living in {@code step}. */
    public static NDArray padBias(NDArray b, int outTo, NDManager step) {
        return padAxis(b, 0, outTo, step);
    }

    /** The first {@code channels} channels of {@code x} [B, C', ...]; {@code x} itself when C' equals it. */
    public static NDArray firstChannels(NDArray x, int channels) {
        return x.getShape().get(1) == channels ? x : x.get(":, 0:" + channels);
    }

    private static NDArray padAxis(NDArray a, int axis, int to, NDManager step) {
        Shape s = a.getShape();
        long have = s.get(axis);
        if (have == to) {
            return a;
        }
        if (have > to) {
            throw new IllegalArgumentException("cannot pad axis " + axis + " of " + s + " down to " + to);
        }
        long[] dims = s.getShape().clone(); // Shape.getShape() exposes its own array
        dims[axis] = to - have;
        // DJL attaches a concatenation to its first operand's manager; move it to the step's manager.
        NDArray padded = a.concat(step.zeros(new Shape(dims), a.getDataType(), a.getDevice()), axis);
        if (padded.getManager() != step) {
            padded.attach(step);
        }
        return padded;
    }
}
