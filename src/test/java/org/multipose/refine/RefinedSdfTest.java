package org.multipose.refine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.multipose.structure.CompoundIdRule;
import org.multipose.structure.Molecule;
import org.multipose.structure.ReadResult;
import org.multipose.structure.SdfLigandReader;
import org.multipose.structure.SmilesPolicy;

/**
 * {@link RefinedSdf}: the written record is the original with new coordinates and tags, and CDK (through the
 * project's reader) reads it back with the same atoms, bonds, title and SD items.
 */
class RefinedSdfTest {

    static final String RECORD = """
            lig-7
              handmade  3D
            with a comment line
              4  3  0  0  0  0  0  0  0  0999 V2000
                1.0000    2.0000    3.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
                2.5000    2.0000    3.0000 N   0  3  0  0  0  0  0  0  0  0  0  0
                3.2000    3.1000    3.0000 O   0  0  0  0  0  0  0  0  0  0  0  0
                0.4000    2.9000    3.0000 H   0  0  0  0  0  0  0  0  0  0  0  0
              1  2  1  0
              2  3  2  0
              1  4  1  0
            M  CHG  1   2   1
            M  END
            > <score>
            -7.25

            > <multipose_steps>
            99
            and a second line

            """;

    static Molecule read(String text) {
        ReadResult<Molecule> r = SdfLigandReader.parse(SdfLigandReader.split(text), Path.of("t.sdf"),
                CompoundIdRule.title(), SmilesPolicy.EVERY_RECORD);
        assertEquals(List.of(), r.rejects());
        assertEquals(1, r.items().size());
        return r.items().get(0);
    }

    @Test
    void patchesCoordinatesAndSetsTags() {
        SdfLigandReader.RecordText rec = SdfLigandReader.split(RECORD + "$$$$\n").get(0);
        Molecule before = read(RECORD + "$$$$\n");
        float[] moved = {-1.23456f, 20.5f, -300.125f, 4, 5, 6, 7.00004f, 8, 9, 0.1f, 0.2f, 0.3f};
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("multipose_y_kt_before", "-3.500000");
        tags.put("multipose_steps", "12");
        String out = RefinedSdf.write(rec, moved, tags);
        assertTrue(out.endsWith("\n$$$$\n"), out);
        assertTrue(out.contains("   -1.2346   20.5000 -300.1250 C   0  0  0  0"), out);
        assertTrue(out.contains("    7.0000    8.0000    9.0000 O   0  0"), out);
        // Header, bonds and the charge block untouched.
        assertTrue(out.startsWith("lig-7\n  handmade  3D\nwith a comment line\n  4  3  0  0"), out);
        assertTrue(out.contains("  2  3  2  0\n  1  4  1  0\nM  CHG  1   2   1\nM  END\n> <score>\n-7.25\n\n"), out);
        // An existing item is replaced (both of its value lines), not duplicated; a new one is appended.
        assertEquals(1, out.split("<multipose_steps>", -1).length - 1, out);
        assertTrue(out.contains("> <multipose_steps>\n12\n\n> <multipose_y_kt_before>\n-3.500000\n\n$$$$\n"), out);

        Molecule after = read(out);
        assertEquals(before.title(), after.title());
        assertArrayEquals(before.atomicNumbers(), after.atomicNumbers());
        assertArrayEquals(before.formalCharges(), after.formalCharges());
        assertArrayEquals(before.bondBegin(), after.bondBegin());
        assertArrayEquals(before.bondEnd(), after.bondEnd());
        assertArrayEquals(before.bondOrders(), after.bondOrders());
        assertEquals(before.smiles(), after.smiles());
        assertEquals(List.of("score", "multipose_steps", "multipose_y_kt_before"),
                List.copyOf(after.properties().keySet()));
        assertEquals("-7.25", after.properties().get("score"));
        assertEquals("12", after.properties().get("multipose_steps"));
        for (int i = 0; i < moved.length; i++) {
            assertEquals(moved[i], after.coords()[i], 5e-5 + 1e-6, "coordinate " + i + " to 4 decimals");
        }
    }

    @Test
    void aRecordWithoutItemsGetsItsTagsAfterMEnd() {
        String bare = RECORD.substring(0, RECORD.indexOf("> <score>"));
        SdfLigandReader.RecordText rec = SdfLigandReader.split(bare + "$$$$\n").get(0);
        float[] same = read(bare + "$$$$\n").coords();
        assertEquals(bare + "$$$$\n", RefinedSdf.write(rec, same, Map.of()), "no tags, same coordinates: unchanged");
        String out = RefinedSdf.write(rec, same, Map.of("multipose_rmsd_moved", "0.0000"));
        assertTrue(out.endsWith("M  END\n> <multipose_rmsd_moved>\n0.0000\n\n$$$$\n"), out);
        assertEquals("0.0000", read(out).properties().get("multipose_rmsd_moved"));
    }
}
