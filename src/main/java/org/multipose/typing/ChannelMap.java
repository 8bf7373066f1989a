package org.multipose.typing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Which grid channel each {@link XsType} goes to; types without a channel (hydrogens in the default maps) are
 * dropped. A channel that merges several types has the mean of their XS radii as its radius.
 *
 * <p>The two default maps are gnina's (libmolgrid {@code defaultGninaReceptorTyper} / {@code
 * defaultGninaLigandTyper}): 14 receptor and 14 ligand channels, named as libmolgrid names merged types (members
 * joined by "_") with a "rec_" / "lig_" prefix so the 28 names are unique.
 *
 * @param name          a short name for messages and specs ("gnina-receptor")
 * @param channelNames  channel names in channel order
 * @param channelOfType channel per XsType ordinal, -1 when the type is dropped (length 28)
 * @param channelRadii  radius per channel, Å (mean of member XS radii)
 */
public record ChannelMap(String name, List<String> channelNames, int[] channelOfType, float[] channelRadii) {

    public ChannelMap {
        Objects.requireNonNull(name, "name");
        channelNames = List.copyOf(channelNames);
        if (channelOfType.length != XsType.values().length || channelRadii.length != channelNames.size()) {
            throw new IllegalArgumentException("channel map sizes disagree");
        }
        channelOfType = channelOfType.clone();
        channelRadii = channelRadii.clone();
    }

    /**
     * A map from groups of types: group k becomes channel k, named prefix + member names joined by "_"; types in
     * no group are dropped.
     */
    public static ChannelMap of(String name, String prefix, List<List<XsType>> groups) {
        int[] of = new int[XsType.values().length];
        Arrays.fill(of, -1);
        List<String> names = new ArrayList<>();
        float[] radii = new float[groups.size()];
        for (int k = 0; k < groups.size(); k++) {
            List<XsType> g = groups.get(k);
            if (g.isEmpty()) {
                throw new IllegalArgumentException("empty channel group " + k);
            }
            StringBuilder sb = new StringBuilder(prefix);
            double sum = 0;
            for (int i = 0; i < g.size(); i++) {
                XsType t = g.get(i);
                if (of[t.ordinal()] >= 0) {
                    throw new IllegalArgumentException(t + " is in two channels");
                }
                of[t.ordinal()] = k;
                sb.append(i == 0 ? "" : "_").append(t.name());
                sum += t.xsRadius();
            }
            names.add(sb.toString());
            radii[k] = (float) (sum / g.size());
        }
        return new ChannelMap(name, names, of, radii);
    }

    /** gnina's default receptor map (14 channels). */
    public static ChannelMap gninaReceptor() {
        return of("gnina-receptor", "rec_", List.of(
                List.of(XsType.AliphaticCarbonXSHydrophobe),
                List.of(XsType.AliphaticCarbonXSNonHydrophobe),
                List.of(XsType.AromaticCarbonXSHydrophobe),
                List.of(XsType.AromaticCarbonXSNonHydrophobe),
                List.of(XsType.Bromine, XsType.Iodine, XsType.Chlorine, XsType.Fluorine),
                List.of(XsType.Nitrogen, XsType.NitrogenXSAcceptor),
                List.of(XsType.NitrogenXSDonor, XsType.NitrogenXSDonorAcceptor),
                List.of(XsType.Oxygen, XsType.OxygenXSAcceptor),
                List.of(XsType.OxygenXSDonorAcceptor, XsType.OxygenXSDonor),
                List.of(XsType.Sulfur, XsType.SulfurAcceptor),
                List.of(XsType.Phosphorus),
                List.of(XsType.Calcium),
                List.of(XsType.Zinc),
                List.of(XsType.GenericMetal, XsType.Boron, XsType.Manganese, XsType.Magnesium, XsType.Iron)));
    }

    /** gnina's default ligand map (14 channels). */
    public static ChannelMap gninaLigand() {
        return of("gnina-ligand", "lig_", List.of(
                List.of(XsType.AliphaticCarbonXSHydrophobe),
                List.of(XsType.AliphaticCarbonXSNonHydrophobe),
                List.of(XsType.AromaticCarbonXSHydrophobe),
                List.of(XsType.AromaticCarbonXSNonHydrophobe),
                List.of(XsType.Bromine, XsType.Iodine),
                List.of(XsType.Chlorine),
                List.of(XsType.Fluorine),
                List.of(XsType.Nitrogen, XsType.NitrogenXSAcceptor),
                List.of(XsType.NitrogenXSDonor, XsType.NitrogenXSDonorAcceptor),
                List.of(XsType.Oxygen, XsType.OxygenXSAcceptor),
                List.of(XsType.OxygenXSDonorAcceptor, XsType.OxygenXSDonor),
                List.of(XsType.Sulfur, XsType.SulfurAcceptor),
                List.of(XsType.Phosphorus),
                List.of(XsType.GenericMetal, XsType.Boron, XsType.Manganese, XsType.Magnesium, XsType.Zinc,
                        XsType.Calcium, XsType.Iron)));
    }

    /** All 28 types, one channel each (hydrogens included). */
    public static ChannelMap allTypes(String prefix) {
        List<List<XsType>> g = new ArrayList<>();
        for (XsType t : XsType.values()) {
            g.add(List.of(t));
        }
        return of("xs-28", prefix, g);
    }

    /** The channel of a type, -1 when dropped. */
    public int channelOf(XsType t) {
        return channelOfType[t.ordinal()];
    }

    /** Number of channels. */
    public int channelCount() {
        return channelNames.size();
    }

    /** Applies the map to typed atoms of a source with coordinates {@code xyz} (3 per atom). */
    public TypedAtoms apply(float[] xyz, XsType[] types, RadiusMode mode, List<String> notes) {
        int[] channel = new int[types.length];
        float[] radius = new float[types.length];
        for (int i = 0; i < types.length; i++) {
            channel[i] = channelOf(types[i]);
            if (channel[i] >= 0) {
                radius[i] = mode == RadiusMode.ATOM ? types[i].xsRadius() : channelRadii[channel[i]];
            }
        }
        return TypedAtoms.select(xyz, channel, radius, channelNames, notes);
    }
}
