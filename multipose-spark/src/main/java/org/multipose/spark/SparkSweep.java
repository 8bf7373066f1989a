package org.multipose.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.multipose.cli.SweepCommand;
import org.multipose.eval.SweepPlan;
import org.multipose.eval.SweepSummary;

/**
 * A sweep ({@link SweepPlan}) as Spark tasks: one task per run, each training it exactly as {@code pipeline sweep}
 * does ({@link SweepCommand#train}) into its own run directory (on a file system every executor writes), then the
 * driver writes the same summary table.
 */
public final class SparkSweep {

    private SparkSweep() {}

    /** One run's line as it travels back to the driver. */
    record LineRow(int index, String dir, String bestEpoch, String status) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Trains every run of the sweep in {@code file} as its own task; returns the summary files. */
    public static List<Path> run(SparkSession spark, Path file) {
        SweepPlan plan = SweepPlan.read(file);
        String f = file.toAbsolutePath().toString();
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < plan.runs().size(); i++) {
            indices.add(i);
        }
        spark.sparkContext().setJobDescription("sweep " + plan.name() + ": " + indices.size() + " runs");
        List<LineRow> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(indices, indices.size()).map(i -> {
                    TaskThreads.inference();
                    SweepPlan p = SweepPlan.read(Path.of(f));
                    SweepSummary.Line l = SweepCommand.train(p, p.runs().get(i));
                    return new LineRow(i, l.dir().toString(), l.bestEpoch(), l.status());
                }).collect();
        List<SweepSummary.Line> lines = new ArrayList<>();
        for (LineRow r : rows) {
            lines.add(new SweepSummary.Line(plan.runs().get(r.index()), Path.of(r.dir()), r.bestEpoch(), r.status()));
        }
        return SweepSummary.write(plan, lines, SweepCommand.sweepDir(plan));
    }
}
