package org.multipose.train;

/**
 * What one optimizer step saw.
 *
 * @param gradientNorm the global L2 norm of the gradients it was given, before any clipping
 * @param clipped      whether clipping changed the gradients
 */
public record StepReport(double gradientNorm, boolean clipped) {
}
