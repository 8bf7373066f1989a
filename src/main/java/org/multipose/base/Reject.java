package org.multipose.base;

import java.util.Objects;

/**
 * One input item that was skipped, and why: a row of a {@code rejects.csv}. Nothing is dropped silently; every
 * stage that skips a record reports it as a {@code Reject}.
 *
 * @param file     the input file (as given by the user), never null
 * @param record   where in the file: "record 3", "line 17", "row 5"; empty when the whole file is rejected
 * @param compound the compound id when known, else empty
 * @param reason   one sentence: what is wrong and, where possible, the fix
 */
public record Reject(String file, String record, String compound, String reason) {

    public Reject {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(compound, "compound");
        Objects.requireNonNull(reason, "reason");
    }

    /** CSV header matching {@link #toCsvRow()}. */
    public static final String CSV_HEADER = "file,record,compound,reason";

    /** This reject as one RFC 4180 CSV row (fields quoted when they contain a comma, quote or newline). */
    public String toCsvRow() {
        return csv(file) + "," + csv(record) + "," + csv(compound) + "," + csv(reason);
    }

    private static String csv(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
