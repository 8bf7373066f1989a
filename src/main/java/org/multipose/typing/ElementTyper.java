package org.multipose.typing;

import java.util.ArrayList;
import java.util.List;
import org.multipose.base.InputException;
import org.multipose.structure.Molecule;
import org.multipose.structure.Receptor;
import org.openscience.cdk.config.Elements;

/**
 * One channel per listed element, plus a last "Other" channel for every element not listed; hydrogens are dropped
 * unless "H" is listed. Radii are the XS radius of the element's gnina type (C 1.9, N 1.8, O 1.7, S 2.0, P 2.1,
 * F 1.5, Cl 1.8, Br 2.0, I 2.2, B 1.92, metals and others 1.2 Å), not libmolgrid's covalent radii, so element grids
 * have the same scale as gnina grids. Receptor and ligand get the same elements, as separate channels.
 *
 * @param elements atomic numbers with their own channel, in channel order
 */
public record ElementTyper(int[] elements) implements AtomTyper {

    /** C N O S P F Cl Br I Zn Mg Ca Fe, then Other: 14 channels each for receptor and ligand. */
    public static final List<String> DEFAULT_ELEMENTS =
            List.of("C", "N", "O", "S", "P", "F", "Cl", "Br", "I", "Zn", "Mg", "Ca", "Fe");

    public ElementTyper {
        elements = elements.clone();
    }

    /** The default element list. */
    public static ElementTyper defaults() {
        return of(DEFAULT_ELEMENTS);
    }

    /**
     * Elements from their symbols.
     *
     * @throws InputException for an unknown or repeated symbol
     */
    public static ElementTyper of(List<String> symbols) {
        int[] z = new int[symbols.size()];
        for (int i = 0; i < z.length; i++) {
            Elements e = Elements.ofString(symbols.get(i).trim());
            if (e == Elements.Unknown) {
                throw new InputException("element typer: '" + symbols.get(i) + "' is not an element symbol");
            }
            z[i] = e.number();
            for (int j = 0; j < i; j++) {
                if (z[j] == z[i]) {
                    throw new InputException("element typer: " + symbols.get(i) + " is listed twice");
                }
            }
        }
        return new ElementTyper(z);
    }

    /** Channel names with a prefix: prefix + symbol, then prefix + "Other". */
    public List<String> channelNames(String prefix) {
        List<String> out = new ArrayList<>();
        for (int z : elements) {
            out.add(prefix + Elements.ofNumber(z).symbol());
        }
        out.add(prefix + "Other");
        return out;
    }

    /** Channel radii, Å (the element's XS radius; Other 1.2). */
    public float[] channelRadii() {
        float[] r = new float[elements.length + 1];
        for (int i = 0; i < elements.length; i++) {
            r[i] = radius(elements[i]);
        }
        r[elements.length] = XsType.GenericMetal.xsRadius();
        return r;
    }

    static float radius(int z) {
        return z == 1 ? XsType.Hydrogen.xsRadius() : XsRules.heavy(z, false, false, 0, 0, false, 0).xsRadius();
    }

    private int channelOf(int z) {
        for (int i = 0; i < elements.length; i++) {
            if (elements[i] == z) {
                return i;
            }
        }
        return z == 1 ? -1 : elements.length;
    }

    private TypedAtoms apply(float[] xyz, int[] z, String prefix, List<String> notes) {
        int[] channel = new int[z.length];
        float[] radius = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            channel[i] = channelOf(z[i]);
            if (channel[i] >= 0) {
                radius[i] = radius(z[i]);
            }
        }
        return TypedAtoms.select(xyz, channel, radius, channelNames(prefix), notes);
    }

    @Override
    public TypedAtoms typeLigand(Molecule ligand) {
        return apply(ligand.coords(), ligand.atomicNumbers(), "lig_", List.of());
    }

    @Override
    public TypedAtoms typeReceptor(Receptor receptor) {
        return apply(receptor.coords(), receptor.atomicNumbers(), "rec_", List.of());
    }

    @Override
    public TypingSpec spec() {
        return new TypingSpec("element", RadiusMode.ATOM, channelNames("rec_"), channelRadii(),
                channelNames("lig_"), channelRadii());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ElementTyper[");
        for (int i = 0; i < elements.length; i++) {
            sb.append(i == 0 ? "" : ",").append(Elements.ofNumber(elements[i]).symbol());
        }
        return sb.append("]").toString();
    }
}
