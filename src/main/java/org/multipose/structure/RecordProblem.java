package org.multipose.structure;

/**
 * A reason to reject one record ("category: details", see {@link RejectCategory}), raised inside a reader and turned
 * into a {@link org.multipose.base.Reject} by the loop over records. Never escapes this package.
 */
final class RecordProblem extends Exception {

    private static final long serialVersionUID = 1L;

    RecordProblem(RejectCategory category, String details) {
        super(category.reason(details), null, false, false);
    }
}
