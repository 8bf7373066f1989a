package org.multipose.data;

import java.util.List;
import org.multipose.base.Reject;

/**
 * What parsing one run of records of a pose file gave ({@link PoseParser}).
 *
 * @param target  the target of the file
 * @param items   every record of the run in record order, with its pose when it was read
 * @param rejects the records (or the file) skipped, with reasons
 * @param records pose records read, rejected ones included
 * @param bytes   the share of the file's bytes the run stands for (progress)
 */
public record ParsedRun(String target, List<ParsedRecord> items, List<Reject> rejects, int records, long bytes) {
    public ParsedRun {
        items = List.copyOf(items);
        rejects = List.copyOf(rejects);
    }
}
