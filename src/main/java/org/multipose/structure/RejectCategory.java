package org.multipose.structure;

/**
 * The category that starts the reason of every record or line the structure readers reject ("category: details"),
 * in the style of the affinity table's ("unknown unit: ..."): a dataset's summary counts rejects by the text before
 * the first ':', so the category must be short and must not vary with the record. A file-level reject needs no
 * details and is just "the file is empty".
 */
enum RejectCategory {
    EMPTY_RECORD("empty record"),
    NOT_MOL2("not a MOL2 file"),
    TRUNCATED_RECORD("truncated record"),
    V3000("V3000 molfile"),
    BAD_COUNTS_LINE("bad counts line"),
    COUNT_MISMATCH("count mismatch"),
    NO_ATOMS("no atoms"),
    MALFORMED_ATOM_LINE("malformed atom line"),
    MALFORMED_BOND_LINE("malformed bond line"),
    BAD_BOND("bad bond"),
    UNSUPPORTED_BOND_TYPE("unsupported bond type"),
    NO_ELEMENT("no element"),
    NO_3D_COORDINATES("no 3D coordinates"),
    NO_KEKULE_STRUCTURE("no Kekulé structure"),
    HYDROGEN_COUNT("cannot count hydrogens"),
    AROMATICITY("aromaticity perception failed"),
    UNREADABLE_RECORD("unreadable record"),
    NO_COMPOUND_ID("no compound id");

    private final String label;

    RejectCategory(String label) {
        this.label = label;
    }

    /** "label: details". */
    String reason(String details) {
        return label + ": " + details;
    }

    @Override
    public String toString() {
        return label;
    }
}
