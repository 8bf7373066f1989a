package org.multipose.typing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The default channel maps against gnina's (libmolgrid atom_typer.cpp recmap / ligmap), radii, specs. */
class ChannelMapTest {

    @Test
    void receptorMapIsGninasFourteenChannels() {
        ChannelMap m = ChannelMap.gninaReceptor();
        assertEquals(List.of(
                "rec_AliphaticCarbonXSHydrophobe", "rec_AliphaticCarbonXSNonHydrophobe",
                "rec_AromaticCarbonXSHydrophobe", "rec_AromaticCarbonXSNonHydrophobe",
                "rec_Bromine_Iodine_Chlorine_Fluorine", "rec_Nitrogen_NitrogenXSAcceptor",
                "rec_NitrogenXSDonor_NitrogenXSDonorAcceptor", "rec_Oxygen_OxygenXSAcceptor",
                "rec_OxygenXSDonorAcceptor_OxygenXSDonor", "rec_Sulfur_SulfurAcceptor", "rec_Phosphorus",
                "rec_Calcium", "rec_Zinc", "rec_GenericMetal_Boron_Manganese_Magnesium_Iron"), m.channelNames());
        // means of member XS radii, by hand: halogens (2.0+2.2+1.8+1.5)/4, metals (1.2*4+1.92)/5
        assertArrayEquals(new float[] {1.9f, 1.9f, 1.9f, 1.9f, 1.875f, 1.8f, 1.8f, 1.7f, 1.7f, 2.0f, 2.1f, 1.2f, 1.2f,
            1.344f}, m.channelRadii(), 1e-6f);
        assertEquals(-1, m.channelOf(XsType.Hydrogen));
        assertEquals(-1, m.channelOf(XsType.PolarHydrogen));
    }

    @Test
    void ligandMapIsGninasFourteenChannels() {
        ChannelMap m = ChannelMap.gninaLigand();
        assertEquals(List.of(
                "lig_AliphaticCarbonXSHydrophobe", "lig_AliphaticCarbonXSNonHydrophobe",
                "lig_AromaticCarbonXSHydrophobe", "lig_AromaticCarbonXSNonHydrophobe", "lig_Bromine_Iodine",
                "lig_Chlorine", "lig_Fluorine", "lig_Nitrogen_NitrogenXSAcceptor",
                "lig_NitrogenXSDonor_NitrogenXSDonorAcceptor", "lig_Oxygen_OxygenXSAcceptor",
                "lig_OxygenXSDonorAcceptor_OxygenXSDonor", "lig_Sulfur_SulfurAcceptor", "lig_Phosphorus",
                "lig_GenericMetal_Boron_Manganese_Magnesium_Zinc_Calcium_Iron"), m.channelNames());
        // Br/I (2.0+2.2)/2 = 2.1; metals (1.2*6+1.92)/7 = 9.12/7
        assertArrayEquals(new float[] {1.9f, 1.9f, 1.9f, 1.9f, 2.1f, 1.8f, 1.5f, 1.8f, 1.8f, 1.7f, 1.7f, 2.0f, 2.1f,
            1.3028571f}, m.channelRadii(), 1e-6f);
        int mapped = 0;
        for (XsType t : XsType.values()) {
            mapped += m.channelOf(t) >= 0 ? 1 : 0;
        }
        assertEquals(26, mapped, "every type but the two hydrogens");
    }

    @Test
    void aTypeCannotSitInTwoChannels() {
        assertThrows(IllegalArgumentException.class, () -> ChannelMap.of("bad", "x_",
                List.of(List.of(XsType.Zinc), List.of(XsType.Zinc, XsType.Iron))));
    }

    @Test
    void concatOffsetsLigandChannelsAfterReceptorChannels() {
        TypedAtoms rec = new TypedAtoms(new float[] {0, 0, 0}, new int[] {13}, new float[] {1.2f},
                ChannelMap.gninaReceptor().channelNames(), new int[] {4}, 2, List.of("r"));
        TypedAtoms lig = new TypedAtoms(new float[] {1, 2, 3, 4, 5, 6}, new int[] {0, 5}, new float[] {1.9f, 1.8f},
                ChannelMap.gninaLigand().channelNames(), new int[] {0, 1}, 3, List.of());
        TypedAtoms all = TypedAtoms.concat(rec, lig);
        assertEquals(28, all.channelCount());
        assertArrayEquals(new int[] {13, 14, 19}, all.channels());
        assertArrayEquals(new float[] {0, 0, 0, 1, 2, 3, 4, 5, 6}, all.coords());
        assertArrayEquals(new int[] {4, 0, 1}, all.sourceAtoms());
        assertEquals(5, all.droppedAtoms());
        assertEquals("lig_Chlorine", all.channelNames().get(19));
        assertEquals(List.of("r"), all.notes());
    }

    @Test
    void specsNameTheFirstDifference() {
        TypingSpec gnina = AtomTyper.gninaDefault().spec();
        assertEquals(28, gnina.channelCount());
        assertEquals(Optional.empty(), gnina.difference(AtomTyper.gninaDefault().spec()));
        assertEquals(Optional.of("typer: gnina vs element"), gnina.difference(ElementTyper.defaults().spec()));
        TypingSpec channelRadii = new GninaTyper(ChannelMap.gninaReceptor(), ChannelMap.gninaLigand(),
                RadiusMode.CHANNEL).spec();
        assertEquals(Optional.of("radius mode: ATOM vs CHANNEL"), gnina.difference(channelRadii));
        TypingSpec element = ElementTyper.defaults().spec();
        assertEquals(14, element.receptorChannels().size());
        assertTrue(element.difference(ElementTyper.of(List.of("C", "N", "O")).spec()).orElseThrow()
                .startsWith("receptor channels:"));
    }
}
