package org.multipose.structure;

/**
 * A reason to reject one record, raised inside a reader and turned into a {@link org.multipose.config.Reject} by
 * the loop over records. Never escapes this package.
 */
final class RecordProblem extends Exception {

    private static final long serialVersionUID = 1L;

    RecordProblem(String reason) {
        super(reason, null, false, false);
    }
}
