package org.multipose.typing;

/**
 * The 28 gnina/smina atom types ("XS" types), in libmolgrid's {@code GninaIndexTyper} order, with their XS radii
 * (Å, the radii gnina grids with) and XS properties.
 */
public enum XsType {
    Hydrogen(0.37f, false, false, false),
    PolarHydrogen(0.37f, false, false, false),
    AliphaticCarbonXSHydrophobe(1.9f, true, false, false),
    AliphaticCarbonXSNonHydrophobe(1.9f, false, false, false),
    AromaticCarbonXSHydrophobe(1.9f, true, false, false),
    AromaticCarbonXSNonHydrophobe(1.9f, false, false, false),
    Nitrogen(1.8f, false, false, false),
    NitrogenXSDonor(1.8f, false, true, false),
    NitrogenXSDonorAcceptor(1.8f, false, true, true),
    NitrogenXSAcceptor(1.8f, false, false, true),
    Oxygen(1.7f, false, false, false),
    OxygenXSDonor(1.7f, false, true, false),
    OxygenXSDonorAcceptor(1.7f, false, true, true),
    OxygenXSAcceptor(1.7f, false, false, true),
    Sulfur(2.0f, false, false, false),
    SulfurAcceptor(2.0f, false, false, false),
    Phosphorus(2.1f, false, false, false),
    Fluorine(1.5f, true, false, false),
    Chlorine(1.8f, true, false, false),
    Bromine(2.0f, true, false, false),
    Iodine(2.2f, true, false, false),
    Magnesium(1.2f, false, true, false),
    Manganese(1.2f, false, true, false),
    Zinc(1.2f, false, true, false),
    Calcium(1.2f, false, true, false),
    Iron(1.2f, false, true, false),
    GenericMetal(1.2f, false, true, false),
    Boron(1.92f, true, false, false);

    private final float xsRadius;
    private final boolean hydrophobe;
    private final boolean donor;
    private final boolean acceptor;

    XsType(float xsRadius, boolean hydrophobe, boolean donor, boolean acceptor) {
        this.xsRadius = xsRadius;
        this.hydrophobe = hydrophobe;
        this.donor = donor;
        this.acceptor = acceptor;
    }

    /** The XS radius, Å. */
    public float xsRadius() {
        return xsRadius;
    }

    /** XS hydrophobe (carbon not bonded to a heteroatom, halogens, boron). */
    public boolean hydrophobe() {
        return hydrophobe;
    }

    /** XS donor (N/O bonded to hydrogen; metals count as donors in XS). */
    public boolean donor() {
        return donor;
    }

    /** XS acceptor. Sulfur is never an XS acceptor, even as SulfurAcceptor (an AutoDock type). */
    public boolean acceptor() {
        return acceptor;
    }

    /** True for the two hydrogen types (which the default channel maps drop). */
    public boolean isHydrogen() {
        return this == Hydrogen || this == PolarHydrogen;
    }
}
