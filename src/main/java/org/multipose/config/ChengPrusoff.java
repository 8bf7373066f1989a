package org.multipose.config;

/**
 * Cheng–Prusoff constants of one target's assay: pIC50 = pKi − log10(1 + [S]/Km). Both in the same concentration
 * unit (only their ratio matters).
 *
 * @param substrate substrate concentration [S]
 * @param km        Michaelis constant Km
 */
public record ChengPrusoff(
        @Required @Range(min = 0, minOpen = true) @Doc(value = "substrate concentration [S]",
                unit = "same unit as km") double substrate,
        @Required @Range(min = 0, minOpen = true) @Doc(value = "Michaelis constant Km",
                unit = "same unit as substrate") double km) {

    /** Placeholder for the loader: both keys are required. */
    static ChengPrusoff defaults() {
        return new ChengPrusoff(1.0, 1.0);
    }
}
