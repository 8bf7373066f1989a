package org.multipose.base;

import java.util.concurrent.ExecutionException;

/**
 * What a failed background task threw, for the thread that waits on it: the task's own unchecked exception or error
 * (so callers see the same type and message as if the work had run in their thread), anything else wrapped.
 */
public final class TaskFailure {

    private TaskFailure() {
    }

    /**
     * The exception to throw for {@code e}: its cause when that is a {@link RuntimeException}; an {@link Error} cause
     * is thrown from here; a checked cause comes back wrapped in an {@link IllegalStateException}.
     */
    public static RuntimeException unwrap(ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof RuntimeException r) {
            return r;
        }
        if (c instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(c);
    }
}
