package org.multipose.data;

import java.io.Serializable;

/**
 * One record of a pose file as a parsing run saw it: its compound when known (a rejected record of a known compound
 * still takes its rank among the compound's records) and its typed pose when it was read. Serializable, like
 * {@link ParsedPose}.
 *
 * @param record   1-based record number in the file (0 when a reject did not name one)
 * @param compound the compound id, or "" when unknown
 * @param pose     the typed pose, or null when the record was rejected
 */
public record ParsedRecord(int record, String compound, ParsedPose pose) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** True when the record gave a pose. */
    public boolean hasPose() {
        return pose != null;
    }
}
