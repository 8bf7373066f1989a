package org.multipose.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.base.InputException;

/** metrics.jsonl: the keys a report draws are kept, everything else is ignored, bad lines are named. */
class TrainingHistoryTest {

    @TempDir
    Path dir;

    @Test
    void keepsLrLossesAndValMetricsAndIgnoresTheRest() throws IOException {
        Path f = dir.resolve("metrics.jsonl");
        Files.writeString(f, String.join("\n",
                "{\"epoch\": 0, \"lr\": 0.001, \"train_loss\": 2.5, \"val_loss\": 2.7, \"val_spearman\": 0.1,"
                        + " \"time_s\": 3.2, \"train\": {\"mse\": 1}, \"note\": \"warm-up\"}",
                "",
                "{\"epoch\": 1, \"lr\": 0.0005, \"train_loss\": 1.5, \"val_loss\": NaN, \"val_spearman\": 0.3,"
                        + " \"val_rmse\": 1.1, \"val_name\": \"x\"}",
                "{\"lr\": 0.00025, \"train_loss\": 1.0}") + "\n");
        TrainingHistory h = TrainingHistory.read(f);
        assertEquals(3, h.epochs());
        assertEquals(List.of("lr", "train_loss", "val_loss", "val_spearman", "val_rmse"),
                h.series().stream().map(TrainingHistory.Series::key).toList());
        TrainingHistory.Series lr = h.get("lr").orElseThrow();
        assertArrayEquals(new double[] {0, 1, 3}, lr.epoch(), 0.0); // no epoch key: the line's ordinal (3rd)
        assertArrayEquals(new double[] {0.001, 0.0005, 0.00025}, lr.value(), 0.0);
        TrainingHistory.Series val = h.get("val_loss").orElseThrow();
        assertArrayEquals(new double[] {0}, val.epoch(), 0.0); // NaN skipped
        assertArrayEquals(new double[] {1}, h.get("val_rmse").orElseThrow().epoch(), 0.0);
        assertTrue(h.get("time_s").isEmpty());
        assertTrue(h.get("val_name").isEmpty());
    }

    @Test
    void aLineThatIsNotAnObjectIsNamed() throws IOException {
        Path f = dir.resolve("metrics.jsonl");
        Files.writeString(f, "{\"epoch\": 1, \"train_loss\": 1.0}\n[1, 2]\n");
        InputException e = assertThrows(InputException.class, () -> TrainingHistory.read(f));
        assertTrue(e.getMessage().startsWith(f + ": line 2: not a JSON object"), e.getMessage());
        Files.writeString(f, "{\"epoch\": 1, \"train_loss\": 1.0}\n{\"epoch\": 2, \"train_loss\": \n");
        e = assertThrows(InputException.class, () -> TrainingHistory.read(f));
        assertTrue(e.getMessage().startsWith(f + ": line 2: not JSON"), e.getMessage());
    }
}
