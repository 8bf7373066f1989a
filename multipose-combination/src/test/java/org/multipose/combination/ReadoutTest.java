package org.multipose.combination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.multipose.combination.CombinationReference.*;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Readouts against literals from combination_reference.py, derivatives against central differences, inverses. */
class ReadoutTest {

    @Test
    void pK() {
        Readout r = new PKReadout();
        assertEquals(PK_OF_M9_5, r.apply(-9.5), 1e-14);
        assertEquals("pK", r.unit());
    }

    @Test
    void pIC50WithAndWithoutChengPrusoff() {
        PIC50Readout cp = PIC50Readout.chengPrusoff(10.0, 5.0);
        assertEquals(PIC50_CP_OF_M9_5, cp.apply(-9.5), 1e-14);
        assertEquals(Math.log10(3.0), cp.chengPrusoffShift(), 1e-15);
        assertEquals(PK_OF_M9_5, PIC50Readout.withoutChengPrusoff().apply(-9.5), 1e-14);
        assertEquals(cp, PIC50Readout.of(OptionalDouble.of(10.0), OptionalDouble.of(5.0)));
        assertEquals(PIC50Readout.withoutChengPrusoff(), PIC50Readout.of(OptionalDouble.empty(),
                OptionalDouble.empty()));
        // [S] = 0 is a valid assay without substrate competition: shift 0
        assertEquals(0.0, PIC50Readout.chengPrusoff(0.0, 1.0).chengPrusoffShift(), 0.0);
    }

    @Test
    void chengPrusoffNeedsBothOrNeither() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PIC50Readout.of(OptionalDouble.of(1.0), OptionalDouble.empty()));
        assertTrue(e.getMessage().contains("got only [S]"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> PIC50Readout.of(OptionalDouble.empty(), OptionalDouble.of(1.0)));
        assertThrows(IllegalArgumentException.class, () -> PIC50Readout.chengPrusoff(1.0, 0.0));
        assertThrows(IllegalArgumentException.class, () -> PIC50Readout.chengPrusoff(-1.0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> PIC50Readout.chengPrusoff(Double.NaN, 1.0));
    }

    @Test
    void kcalPerMol() {
        assertEquals(KCAL_OF_M9_5_298, new KcalPerMolReadout().apply(-9.5), 1e-14);
        assertEquals(KCAL_OF_M9_5_310, new KcalPerMolReadout(310.0).apply(-9.5), 1e-14);
        assertThrows(IllegalArgumentException.class, () -> new KcalPerMolReadout(0.0));
        assertThrows(IllegalArgumentException.class, () -> new KcalPerMolReadout(Double.NaN));
    }

    @Test
    void derivativesAreCentralDifferencesAndInversesInvert() {
        Readout[] all = {new PKReadout(), PIC50Readout.withoutChengPrusoff(), PIC50Readout.chengPrusoff(2.0, 0.5),
            new KcalPerMolReadout(), new KcalPerMolReadout(277.0)};
        double h = 1e-4;
        for (Readout r : all) {
            for (double y : new double[] {-20.0, -9.5, 0.0, 3.25}) {
                double fd = (r.apply(y + h) - r.apply(y - h)) / (2 * h);
                assertEquals(fd, r.derivative(y), 1e-10, r + " at " + y); // linear maps: rounding only
                assertEquals(y, r.inverse(r.apply(y)), 1e-12, r + " at " + y);
                assertEquals(3.0 * r.derivative(y), r.backward(y, 3.0), 1e-15);
            }
        }
    }
}
