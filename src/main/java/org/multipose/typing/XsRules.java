package org.multipose.typing;

/**
 * The rules that turn what is known about one atom into its {@link XsType}, shared by ligand typing (bonds from
 * the file) and receptor typing (bonds from residue templates or distances).
 *
 * <p>The rules are libmolgrid's {@code GninaIndexTyper::get_atom_type_index} with OpenBabel's perception under it:
 * <ul>
 *   <li>carbon is "non-hydrophobe" (C_P) when bonded to any atom that is neither carbon nor hydrogen (N, O, S, P,
 *       halogens, metals, ...), else hydrophobe; aromatic or aliphatic by the aromatic flag;</li>
 *   <li>N and O are donors when bonded to at least one hydrogen (explicit or implicit);</li>
 *   <li>every oxygen is an acceptor (libmolgrid types all O as "OA"), so the plain {@code Oxygen} and
 *       {@code OxygenXSDonor} types never occur; the default channel maps merge them with the acceptor types
 *       anyway, so OpenBabel's finer oxygen rules would change no default channel;</li>
 *   <li>nitrogen is an acceptor unless it has four neighbours, or three neighbours and is sp2 (OpenBabel's
 *       {@code IsHbondAcceptor}: amide, aniline, pyrrole-type and nitro N, guanidinium and amidinium N are not
 *       acceptors; pyridine, nitrile, imine, amine and sulfonamide N are). Neighbours count hydrogens, present or
 *       implicit, as if all hydrogens were explicit. Deviation: OpenBabel calls an N with four neighbours an
 *       acceptor when its own hybridisation rule makes it sp2 (e.g. an anilinium N+); such an N has no lone pair, so
 *       here four neighbours never accept;</li>
 *   <li>sulfur is {@code SulfurAcceptor} only with formal charge -1 (OpenBabel's rule; thiolates); selenium is typed
 *       as sulfur (gnina's historical choice);</li>
 *   <li>hydrogen is {@code PolarHydrogen} when bonded to N, O, P or S;</li>
 *   <li>P, F, Cl, Br, I, B, Mg, Mn, Zn, Ca, Fe have their own types; every other element is {@code GenericMetal}
 *       (libmolgrid's catch-all).</li>
 * </ul>
 */
public final class XsRules {

    private XsRules() {}

    /**
     * The XS type of one heavy atom.
     *
     * @param element      atomic number (not 1)
     * @param aromatic     aromatic flag
     * @param heteroBonded bonded to an atom that is neither C nor H
     * @param hydrogens    hydrogens bonded (explicit + implicit)
     * @param degree       neighbours including all hydrogens
     * @param sp2          for nitrogen: OpenBabel's sp2 (aromatic, has a multiple bond, or bonded to an atom with a
     *                     multiple or aromatic bond, or to an aromatic atom); ignored otherwise
     * @param charge       formal charge
     */
    public static XsType heavy(int element, boolean aromatic, boolean heteroBonded, int hydrogens, int degree,
            boolean sp2, int charge) {
        switch (element) {
            case 6:
                if (aromatic) {
                    return heteroBonded ? XsType.AromaticCarbonXSNonHydrophobe : XsType.AromaticCarbonXSHydrophobe;
                }
                return heteroBonded ? XsType.AliphaticCarbonXSNonHydrophobe : XsType.AliphaticCarbonXSHydrophobe;
            case 7: {
                boolean acceptor = degree < 4 && !(degree == 3 && sp2);
                boolean donor = hydrogens > 0;
                if (acceptor) {
                    return donor ? XsType.NitrogenXSDonorAcceptor : XsType.NitrogenXSAcceptor;
                }
                return donor ? XsType.NitrogenXSDonor : XsType.Nitrogen;
            }
            case 8:
                return hydrogens > 0 ? XsType.OxygenXSDonorAcceptor : XsType.OxygenXSAcceptor;
            case 16:
                return charge == -1 ? XsType.SulfurAcceptor : XsType.Sulfur;
            case 34:
                return XsType.Sulfur;
            case 15:
                return XsType.Phosphorus;
            case 9:
                return XsType.Fluorine;
            case 17:
                return XsType.Chlorine;
            case 35:
                return XsType.Bromine;
            case 53:
                return XsType.Iodine;
            case 5:
                return XsType.Boron;
            case 12:
                return XsType.Magnesium;
            case 25:
                return XsType.Manganese;
            case 30:
                return XsType.Zinc;
            case 20:
                return XsType.Calcium;
            case 26:
                return XsType.Iron;
            case 1:
                throw new IllegalArgumentException("hydrogens are typed by hydrogen(...)");
            default:
                return XsType.GenericMetal;
        }
    }

    /** The XS type of a hydrogen bonded to an atom of element {@code partner} (0 when unbonded). */
    public static XsType hydrogen(int partner) {
        return partner == 7 || partner == 8 || partner == 15 || partner == 16 ? XsType.PolarHydrogen : XsType.Hydrogen;
    }
}
