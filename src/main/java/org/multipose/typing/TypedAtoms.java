package org.multipose.typing;

import java.util.List;
import java.util.Objects;

/**
 * Atoms ready for gridding: coordinates, a channel index and a radius per atom, for the atoms that have a channel.
 * Atoms without a channel (hydrogens under the default maps) are left out and counted.
 *
 * <p>The arrays are owned by the record (copied on construction) and must be treated as read-only.
 *
 * @param coords       x,y,z per atom, Å, length 3M
 * @param channels     channel index per atom, 0..channelNames.size()-1, length M
 * @param radii        radius per atom, Å (the atom's XS radius, or its channel's radius; see {@link RadiusMode}),
 *                     length M
 * @param channelNames the channel names, in channel order
 * @param sourceAtoms  index of each atom in the molecule or receptor it came from, length M
 * @param droppedAtoms atoms of the source that had no channel
 * @param notes        what the typer wants the user to know (e.g. receptor residues typed by the distance
 *                     fallback); may be empty
 */
public record TypedAtoms(float[] coords, int[] channels, float[] radii, List<String> channelNames, int[] sourceAtoms,
        int droppedAtoms, List<String> notes) {

    public TypedAtoms {
        Objects.requireNonNull(channelNames, "channelNames");
        int m = channels.length;
        if (coords.length != 3 * m || radii.length != m || sourceAtoms.length != m) {
            throw new IllegalArgumentException("typed atom arrays disagree in length (atoms " + m + ")");
        }
        for (int c : channels) {
            if (c < 0 || c >= channelNames.size()) {
                throw new IllegalArgumentException("channel " + c + " outside 0.." + (channelNames.size() - 1));
            }
        }
        coords = coords.clone();
        channels = channels.clone();
        radii = radii.clone();
        sourceAtoms = sourceAtoms.clone();
        channelNames = List.copyOf(channelNames);
        notes = List.copyOf(notes);
    }

    /** Number of typed atoms M. */
    public int size() {
        return channels.length;
    }

    /** Number of channels. */
    public int channelCount() {
        return channelNames.size();
    }

    /** Atoms per channel, length channelCount(). */
    public int[] countsPerChannel() {
        int[] c = new int[channelCount()];
        for (int ch : channels) {
            c[ch]++;
        }
        return c;
    }

    /**
     * The atoms of a source that have a channel, in source order; the others are counted as dropped.
     *
     * @param xyz          x,y,z per source atom, Å, length 3N
     * @param channel      channel index per source atom, or -1 for an atom without a channel, length N
     * @param radius       radius per source atom, Å (read only for atoms with a channel), length N
     * @param channelNames the channel names, in channel order
     * @param notes        as for the record
     */
    public static TypedAtoms select(float[] xyz, int[] channel, float[] radius, List<String> channelNames,
            List<String> notes) {
        int m = 0;
        for (int c : channel) {
            if (c >= 0) {
                m++;
            }
        }
        float[] c = new float[3 * m];
        int[] ch = new int[m];
        float[] rad = new float[m];
        int[] src = new int[m];
        int k = 0;
        for (int i = 0; i < channel.length; i++) {
            if (channel[i] < 0) {
                continue;
            }
            System.arraycopy(xyz, 3 * i, c, 3 * k, 3);
            ch[k] = channel[i];
            rad[k] = radius[i];
            src[k] = i;
            k++;
        }
        return new TypedAtoms(c, ch, rad, channelNames, src, channel.length - m, notes);
    }

    /**
     * Receptor and ligand atoms in one set: the ligand's channels follow the receptor's (the 14 + 14 = 28-channel
     * layout of gnina). Source indices are kept as they were (receptor and ligand indices are not merged).
     */
    public static TypedAtoms concat(TypedAtoms receptor, TypedAtoms ligand) {
        int a = receptor.size();
        int b = ligand.size();
        float[] xyz = new float[3 * (a + b)];
        int[] ch = new int[a + b];
        float[] rad = new float[a + b];
        int[] src = new int[a + b];
        System.arraycopy(receptor.coords, 0, xyz, 0, 3 * a);
        System.arraycopy(ligand.coords, 0, xyz, 3 * a, 3 * b);
        System.arraycopy(receptor.channels, 0, ch, 0, a);
        int off = receptor.channelCount();
        for (int i = 0; i < b; i++) {
            ch[a + i] = ligand.channels[i] + off;
        }
        System.arraycopy(receptor.radii, 0, rad, 0, a);
        System.arraycopy(ligand.radii, 0, rad, a, b);
        System.arraycopy(receptor.sourceAtoms, 0, src, 0, a);
        System.arraycopy(ligand.sourceAtoms, 0, src, a, b);
        List<String> names = new java.util.ArrayList<>(receptor.channelNames);
        names.addAll(ligand.channelNames);
        List<String> notes = new java.util.ArrayList<>(receptor.notes);
        notes.addAll(ligand.notes);
        return new TypedAtoms(xyz, ch, rad, names, src, receptor.droppedAtoms + ligand.droppedAtoms, notes);
    }
}
