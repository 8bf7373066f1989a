package org.multipose.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.multipose.predict.PredictionListener;

/** A prediction pass's progress as a terminal progress bar on stderr: compounds, one bar per ensemble member. */
final class PredictProgressBar implements PredictionListener, AutoCloseable {

    private ProgressBar bar;
    private int member;

    @Override
    public void compoundPredicted(int m, int members, int done, int total) {
        if (bar == null || m != member) {
            close();
            member = m;
            bar = new ProgressBarBuilder().setTaskName(members > 1 ? "predict m" + m : "predict")
                    .setInitialMax(total).setUnit(" cpd", 1).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250).setMaxRenderedLength(100).build();
        }
        bar.stepTo(done);
        if (done == total) {
            close();
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
