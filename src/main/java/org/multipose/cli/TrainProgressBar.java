package org.multipose.cli;

import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.multipose.train.TrainingListener;
import org.multipose.train.run.EpochRecord;

/**
 * Training progress on the console: a progress bar per epoch on stderr (only in an interactive terminal) and each
 * epoch's line on stdout. Quiet: nothing.
 */
final class TrainProgressBar implements TrainingListener, AutoCloseable {

    private final PrintWriter out;
    private final boolean bars;
    private final boolean lines;
    private ProgressBar bar;

    TrainProgressBar(PrintWriter out, boolean bars, boolean lines) {
        this.out = out;
        this.bars = bars;
        this.lines = lines;
    }

    @Override
    public void epochStarted(int member, int epoch, int compounds, int done) {
        if (!bars) {
            return;
        }
        close();
        String task = String.format(Locale.ROOT, "%sepoch %d", member > 1 ? "m" + member + " " : "", epoch);
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(compounds).setUnit(" cpd", 1)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).setMaxRenderedLength(100).build();
        bar.stepTo(done);
    }

    @Override
    public void batchFinished(int member, int epoch, int done, int compounds, double meanLoss) {
        if (bar != null) {
            bar.stepTo(done);
            bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", meanLoss));
        }
    }

    @Override
    public void epochFinished(EpochRecord record) {
        close();
    }

    @Override
    public void message(String line) {
        close();
        if (lines) {
            out.println(line);
            out.flush();
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
