package org.multipose.data;

/**
 * Where the prepare stage reports its progress (the CLI shows a progress bar). Progress is counted in bytes of pose
 * files, the one measure known before parsing; calls come from the thread that runs {@link Preparer#run}.
 */
public interface PrepareProgress {

    /** Parsing starts: {@code totalBytes} of pose files in {@code files} files. */
    void start(long totalBytes, int files);

    /** {@code bytes} more of the pose files are parsed and typed; {@code poses} poses read so far. */
    void advance(long bytes, long poses);

    /** Parsing is over (also after a failure). */
    void finish();

    /** Reports nothing. */
    PrepareProgress NONE = new PrepareProgress() {
        @Override
        public void start(long totalBytes, int files) {}

        @Override
        public void advance(long bytes, long poses) {}

        @Override
        public void finish() {}
    };
}
