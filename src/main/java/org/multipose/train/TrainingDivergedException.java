package org.multipose.train;

import org.multipose.base.InputException;

/**
 * Training produced a NaN or infinite prediction, loss or gradient. The message names the epoch, the compound (or
 * the batch), the last good checkpoint (left intact) and what to change; the CLI prints it as one line and exits
 * non-zero.
 */
public final class TrainingDivergedException extends InputException {

    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message, Throwable cause) {
        super(message, cause);
    }
}
