package org.multipose.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.multipose.data.PrepareProgress;

/**
 * The prepare stage's progress as a terminal progress bar on stderr, in KB or MB of pose files (the bar counts whole
 * units), with the poses read.
 */
final class PrepareProgressBar implements PrepareProgress {

    private static final long KB = 1L << 10;
    private static final long MB = 1L << 20;
    private ProgressBar bar;

    @Override
    public void start(long totalBytes, int files) {
        bar = new ProgressBarBuilder().setTaskName("prepare").setInitialMax(Math.max(1, totalBytes))
                .setUnit(totalBytes < 64 * MB ? " KB" : " MB", totalBytes < 64 * MB ? KB : MB).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                .setMaxRenderedLength(100).build();
        bar.setExtraMessage(files + " file(s)");
    }

    @Override
    public void advance(long bytes, long poses) {
        if (bar != null) {
            bar.stepBy(bytes);
            bar.setExtraMessage(poses + " poses");
        }
    }

    @Override
    public void finish() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
