package org.multipose.train;

import ai.djl.ndarray.types.DataType;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntToLongFunction;
import org.multipose.base.TaskFailure;
import org.multipose.data.CompoundPoses;
import org.multipose.data.PoseRecord;
import org.multipose.data.ReceptorRecord;

/**
 * Grids the next compounds of a batch on one background thread while the network runs the current one (the batched
 * route: all of a compound's poses in one {@link GridBatch}). Tasks run one at a time in the order they were asked
 * for, so the shared {@link PoseGridder} (not thread-safe) is never used by two threads, and its per-compound
 * receptor frames are made in the same order as without prefetching: the grids are the same bits. Two batches
 * alternate (the one the network reads, the one being filled); a batch is filled again only after
 * {@link #release}, i.e. after the step that read it has finished its backward.
 *
 * <p>Errors of a background gridding (a non-finite grid, say) are thrown by {@link #take} for that compound, when
 * the step would have gridded it itself; compounds asked for after it are not lost, only waited for. Whoever
 * grids on the caller's thread must first call {@link #drain}. The worker thread is a daemon and ends after a
 * second without work, so an abandoned step leaks no thread. Memory, once used: two input buffers of N grids (the
 * step's own gridding then borrows one of them: {@link #spare}) and one scratch grid. Not thread-safe (one
 * training thread asks).
 */
final class GridPrefetch {

    private final PoseGridder gridder;
    private final DataType dataType;
    private final ThreadPoolExecutor worker;
    private final ArrayDeque<GridBatch> free = new ArrayDeque<>(2);
    private final ArrayDeque<Pending> pending = new ArrayDeque<>(2);
    /** The worker's scratch grid, made at the first {@link #ask} (tasks run one at a time on the worker). */
    private float[] scratch;
    private long taken;

    /** A compound asked for: what identifies it, the batch it is gridded into, the task. */
    private record Pending(CompoundPoses compound, ReceptorRecord receptor, Augmentation augmentation,
            IntToLongFunction seeds, GridBatch batch, Future<?> task) {}

    GridPrefetch(PoseGridder gridder, DataType dataType) {
        this.gridder = gridder;
        this.dataType = dataType;
        this.worker = new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "multipose-grid-prefetch");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Queues the gridding of all of {@code compound}'s poses (pose i with seed {@code seeds(i)}), after the ones
     * already queued. {@code seeds} runs on the worker thread, so it must be a pure function. A failure to set the
     * task up (a buffer over 2 GB, say) is thrown by {@link #take} for this compound, like a gridding error.
     */
    void ask(CompoundPoses compound, ReceptorRecord receptor, Augmentation augmentation, IntToLongFunction seeds) {
        GridBatch batch = free.isEmpty() ? new GridBatch(gridder.channels(), gridder.pointsPerSide(), dataType)
                : free.poll();
        List<PoseRecord> poses = compound.poses();
        Future<?> task;
        try {
            batch.ensure(poses.size()); // here, not in the task: the batch's buffer is replaced only on this thread
            if (scratch == null) {
                scratch = new float[gridder.gridLength()];
            }
            float[] grid = scratch;
            task = worker.submit(() -> {
                for (int i = 0; i < poses.size(); i++) {
                    gridder.grid(receptor, poses, i, augmentation, seeds.applyAsLong(i), grid);
                    batch.put(i, grid);
                }
            });
        } catch (RuntimeException | OutOfMemoryError e) {
            // not thrown here, before the compounds ahead of it were trained, but when its own turn comes
            task = CompletableFuture.failedFuture(e);
        }
        pending.add(new Pending(compound, receptor, augmentation, seeds, batch, task));
    }

    /**
     * The batch holding {@code compound}'s grids (slots 0 … N−1) when it is the next one asked for (with the same
     * augmentation and seeds), after waiting for them; otherwise empty, after waiting for every task in flight (the
     * caller then grids itself).
     *
     * @throws RuntimeException what the gridding of this compound threw (as the caller's own gridding would)
     */
    Optional<GridBatch> take(CompoundPoses compound, ReceptorRecord receptor, Augmentation augmentation,
            IntToLongFunction seeds) {
        Pending p = pending.peek();
        if (p == null || p.compound != compound || p.receptor != receptor || p.augmentation != augmentation
                || p.seeds != seeds) {
            drain();
            return Optional.empty();
        }
        pending.poll();
        try {
            await(p.task);
            taken++;
            return Optional.of(p.batch);
        } catch (RuntimeException | Error e) {
            free.add(p.batch);
            throw e;
        }
    }

    /** Compounds served by {@link #take} so far. */
    long taken() {
        return taken;
    }

    /**
     * A batch with room for {@code poses} grids for the caller's own gridding, after waiting for every task in
     * flight ({@link #drain}); it stays in the pool, so the caller must be done with it before the next
     * {@link #ask} (true of a step's inline gridding and of validation, which never overlap a batch's asks). Keeps
     * prefetching from adding a third N-grid buffer next to the two that alternate.
     */
    GridBatch spare(int poses) {
        drain();
        GridBatch b = free.peek();
        if (b == null) {
            b = new GridBatch(gridder.channels(), gridder.pointsPerSide(), dataType);
            free.add(b);
        }
        b.ensure(poses);
        return b;
    }

    /** Gives a batch from {@link #take} back, once nothing reads its arrays any more. */
    void release(GridBatch batch) {
        free.add(batch);
    }

    /**
     * Waits for every task in flight and forgets them, their exceptions too (nobody asked for those compounds); an
     * {@link Error} is thrown once all are done, so nothing is left running on the gridder.
     */
    void drain() {
        Error first = null;
        while (!pending.isEmpty()) {
            Pending p = pending.poll();
            try {
                await(p.task);
            } catch (RuntimeException e) {
                // dropped on purpose: the compound was not taken, so it was not trained on
            } catch (Error e) {
                first = first == null ? e : first;
            } finally {
                free.add(p.batch);
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static void await(Future<?> task) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    task.get();
                    return;
                } catch (InterruptedException e) {
                    // the worker uses the shared gridder until its task ends: wait it out, then re-assert
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            throw TaskFailure.unwrap(e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
