package org.multipose.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.multipose.typing.AtomTyper;
import org.multipose.typing.ElementTyper;
import org.multipose.typing.TypingSpec;

class PreparerTest {

    @Test
    void thePoseIndexTagMustHoldAWholeNumberFromOne() throws Exception {
        assertEquals(3, Preparer.poseIndex("3", "pose_rank"));
        assertEquals(3, Preparer.poseIndex(" 3.0 ", "pose_rank"));
        assertEquals(12, Preparer.poseIndex("12", "pose_rank"));
        for (String bad : List.of("0", "-1", "2.5", "x", "", "NaN", "Infinity", "1e10")) {
            Exception e = assertThrows(Exception.class, () -> Preparer.poseIndex(bad, "rank"), bad);
            assertEquals("bad pose index: SD tag <rank> is '" + bad.trim() + "'; it must be a whole number ≥ 1 (or"
                    + " set pose_index_tag to another tag, or to \"\" to number poses by rank)", e.getMessage());
        }
    }

    @Test
    void theMetadataGivesBackTheTypingSpecItWasMadeFrom() {
        for (AtomTyper t : List.of(AtomTyper.gninaDefault(), ElementTyper.defaults())) {
            TypingSpec spec = t.spec();
            DatasetMetadata m = DatasetMetadata.of(spec);
            assertEquals(spec.channelCount(), m.channelNames().size());
            assertEquals(spec.receptorChannels().size(), m.receptorChannels());
            assertEquals(Optional.empty(), m.typingSpec().orElseThrow().difference(spec), spec.typer());
        }
        // gnina's merged ligand metal channel: mean of 7 XS radii (1.2 x 6 + 1.92 for boron) / 7 = 1.302857...;
        // stored as the float's shortest decimal, not as the float widened to double
        DatasetMetadata g = DatasetMetadata.of(AtomTyper.gninaDefault().spec());
        assertEquals(Double.parseDouble(Float.toString((float) ((1.2 * 6 + 1.92) / 7))), g.channelRadii().get(27),
                0.0);
        assertTrue(Double.toString(g.channelRadii().get(27)).length() <= 10, g.channelRadii().toString());
        assertEquals(Optional.empty(), DatasetMetadata.of("t", List.of("a"), List.of(1.0)).typingSpec());
    }
}
