package org.multipose.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Literals from src/test/python/affinity_literals.py (or by hand where noted); tolerance 1e-12 absolute. */
class AffinityConversionTest {

    private static final double TOL = 1e-12;

    @Test
    void concentrationsToPk() {
        assertEquals(8.0, AffinityConversion.pkFromConcentration(10, ConcentrationUnit.NM), TOL);
        assertEquals(3.6020599913279625, AffinityConversion.pkFromConcentration(250, ConcentrationUnit.UM), TOL);
        assertEquals(11.522878745280337, AffinityConversion.pkFromConcentration(3, ConcentrationUnit.PM), TOL);
        assertEquals(2.6989700043360187, AffinityConversion.pkFromConcentration(2, ConcentrationUnit.MM), TOL);
        assertEquals(0.3010299956639812, AffinityConversion.pkFromConcentration(0.5, ConcentrationUnit.M), TOL);
    }

    @Test
    void freeEnergiesToPk() {
        assertEquals(7.3300508666265465,
                AffinityConversion.pkFromFreeEnergy(-10, EnergyUnit.KCAL_PER_MOL, 298.15), TOL);
        assertEquals(7.007696813218495, AffinityConversion.pkFromFreeEnergy(-40, EnergyUnit.KJ_PER_MOL, 298.15), TOL);
        assertEquals(7.049853760918403, AffinityConversion.pkFromFreeEnergy(-10, EnergyUnit.KCAL_PER_MOL, 310), TOL);
        assertEquals(8.685889638065035, AffinityConversion.pkFromFreeEnergy(-20, EnergyUnit.KT, 298.15), TOL);
        assertEquals(-18.420680743952367, AffinityConversion.dgKtFromPk(8.0), TOL);
    }

    @Test
    void errorsAndIntervalsToSigma() {
        assertEquals(0.13119312474160733, AffinityConversion.sigmaFromConcentrationError(0.096, 0.029), TOL);
        assertEquals(0.032379172919340136, AffinityConversion.sigmaFromConcentrationCi(32.7, 43.8), TOL);
        assertEquals(0.20408163265306142, AffinityConversion.sigmaFromPValueCi(6.1, 6.9), TOL);
        assertEquals(0.3665025433313273,
                AffinityConversion.sigmaFromFreeEnergyError(0.5, EnergyUnit.KCAL_PER_MOL, 298.15), TOL);
        assertEquals(0.08938388792370529,
                AffinityConversion.sigmaFromFreeEnergyCi(-11, -9, EnergyUnit.KJ_PER_MOL, 298.15), TOL);
    }

    @Test
    void unitSpellings() {
        assertEquals(Optional.of(ConcentrationUnit.UM), ConcentrationUnit.parse("µM")); // micro sign U+00B5
        assertEquals(Optional.of(ConcentrationUnit.UM), ConcentrationUnit.parse("μM")); // Greek mu U+03BC
        assertEquals(Optional.of(ConcentrationUnit.UM), ConcentrationUnit.parse("umol/L"));
        assertEquals(Optional.of(ConcentrationUnit.NM), ConcentrationUnit.parse("nm"));
        assertEquals(Optional.of(ConcentrationUnit.M), ConcentrationUnit.parse("M"));
        assertEquals(Optional.of(ConcentrationUnit.MM), ConcentrationUnit.parse("mM"));
        assertEquals(Optional.empty(), ConcentrationUnit.parse("m"));
        assertEquals(Optional.empty(), ConcentrationUnit.parse("kcal/mol"));
        assertEquals(Optional.of(EnergyUnit.KJ_PER_MOL), EnergyUnit.parse("kilojoules / mole"));
        assertEquals(Optional.of(EnergyUnit.KCAL_PER_MOL), EnergyUnit.parse("kcal mol-1"));
        assertEquals(Optional.of(ReportedQuantity.DG), ReportedQuantity.parse("ΔG"));
        assertEquals(Optional.of(ReportedQuantity.PIC50), ReportedQuantity.parse("pIC50"));
        assertEquals(Optional.empty(), ReportedQuantity.parse("EC50"));
    }

    @Test
    void qualifierFlipsOnlyForDecreasingForms() {
        assertEquals(Qualifier.LESS, Qualifier.GREATER.flipped());
        assertEquals(Qualifier.EQUAL, Qualifier.EQUAL.flipped());
        assertTrue(ReportedQuantity.IC50.decreasingInPk());
        assertTrue(ReportedQuantity.DG.decreasingInPk());
        assertTrue(!ReportedQuantity.PIC50.decreasingInPk());
        assertEquals(Optional.of(Qualifier.GREATER), Qualifier.parse(">="));
        assertEquals(Optional.of(Qualifier.EQUAL), Qualifier.parse(""));
        assertEquals(Optional.empty(), Qualifier.parse("!"));
    }

    @Test
    void gasConstantInKcal() {
        // 8.314462618e-3 / 4.184 by hand: 1.98720425...e-3 (MATH.md quotes 1.987204e-3).
        assertEquals(1.987204e-3, EnergyUnit.R_KCAL, 5e-10);
    }
}
