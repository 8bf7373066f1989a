package org.multipose.train.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.base.InputException;

/** Run directories are claimed atomically: of several runs started with one name, exactly one gets it. */
class RunDirectoryClaimTest {

    @TempDir
    Path tmp;

    @Test
    void ofEightSimultaneousClaimsOfOneNameExactlyOneWins() throws Exception {
        for (int round = 0; round < 20; round++) {
            Path dir = tmp.resolve("runs/same-" + round);
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<RunDirectory>> claims = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                claims.add(pool.submit(() -> {
                    start.await();
                    return RunDirectory.create(dir);
                }));
            }
            start.countDown();
            int won = 0;
            List<String> lost = new ArrayList<>();
            for (Future<RunDirectory> f : claims) {
                try {
                    f.get();
                    won++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertTrue(e.getCause() instanceof InputException, String.valueOf(e.getCause()));
                    lost.add(e.getCause().getMessage());
                }
            }
            pool.shutdown();
            assertEquals(1, won, "round " + round + ": " + lost);
            for (String m : lost) {
                assertTrue(m.contains("another run claimed this run directory first (process ")
                        || m.contains("exists and is not empty"), m);
            }
            assertTrue(Files.readString(dir.resolve(RunDirectory.CLAIM)).startsWith("process "
                    + ProcessHandle.current().pid() + " on "));
        }
    }

    @Test
    void aTakenChosenNameIsRefusedAndATakenGeneratedNameGetsASuffix() {
        Path runs = tmp.resolve("runs");
        RunDirectory first = RunDirectory.create(runs, "quickstart-20261205-101010", true);
        assertEquals(runs.resolve("quickstart-20261205-101010").toAbsolutePath(), first.root());
        RunDirectory second = RunDirectory.create(runs, "quickstart-20261205-101010", true);
        assertEquals(runs.resolve("quickstart-20261205-101010-2").toAbsolutePath(), second.root());
        RunDirectory.create(runs, "mine", false);
        InputException e = assertThrows(InputException.class, () -> RunDirectory.create(runs, "mine", false));
        assertTrue(e.getMessage().contains("another run claimed this run directory first"), e.getMessage());
    }
}
