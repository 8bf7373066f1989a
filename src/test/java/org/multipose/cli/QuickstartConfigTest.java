package org.multipose.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.multipose.config.ConfigLoader;
import org.multipose.config.PrepareConfig;
import org.multipose.config.TrainingConfig;

/** configs/quickstart.yaml loads, prepares the bundled demo and uses the small network on its 24³ grid. */
class QuickstartConfigTest {

    @Test
    void theQuickstartConfigLoadsAndPointsAtTheDemo() {
        Path project = Path.of(System.getProperty("multipose.project.dir", "."));
        TrainingConfig c = ConfigLoader.load(project.resolve("configs/quickstart.yaml"), List.of());
        PrepareConfig p = c.data().prepare().orElseThrow();
        assertTrue(Files.isRegularFile(p.poses()), p.poses().toString());
        assertTrue(Files.isRegularFile(p.affinities().orElseThrow()));
        assertTrue(Files.isRegularFile(p.receptors().get("demo")));
        assertEquals(24, Math.round(c.grid().dimension() / c.grid().resolution()) + 1);
        assertEquals(project.toAbsolutePath().normalize().resolve("runs"), c.output().runsDir());
    }
}
