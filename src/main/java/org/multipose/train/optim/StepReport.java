package org.multipose.train.optim;

/**
 * What one optimizer step saw.
 *
 * @param gradientNorm the global L2 norm of the gradients it was given, before any clipping
 * @param clipped      whether clipping was applied: always when clipping by value is on; by norm when the norm
 *                     exceeded the limit
 */
public record StepReport(double gradientNorm, boolean clipped) {
}
