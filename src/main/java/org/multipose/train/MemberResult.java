package org.multipose.train;

import java.nio.file.Path;

/**
 * How one ensemble member's training ended.
 *
 * @param member     1-based member
 * @param epochs     epochs completed
 * @param bestEpoch  the epoch with the lowest monitored loss (validation loss, or training loss without a
 *                   validation split); 0 when none
 * @param bestLoss   that loss
 * @param stopReason why training ended
 * @param best       the best checkpoint (the last one when no epoch was best)
 * @param last       the last checkpoint
 */
public record MemberResult(int member, int epochs, int bestEpoch, double bestLoss, String stopReason, Path best,
        Path last) {
}
