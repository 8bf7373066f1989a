package org.multipose.typing;

import org.multipose.structure.Molecule;
import org.multipose.structure.Receptor;

/** Turns ligands and receptors into {@link TypedAtoms} for gridding: gnina's XS typing or one channel per element. */
public interface AtomTyper {

    /** The ligand's atoms with a channel (ligand channels). */
    TypedAtoms typeLigand(Molecule ligand);

    /** The receptor's atoms with a channel (receptor channels); notes name residues typed by a fallback. */
    TypedAtoms typeReceptor(Receptor receptor);

    /** What a model trained on this typing depends on. */
    TypingSpec spec();

    /** The gnina typing with the default 14 + 14 channel maps and per-atom XS radii. */
    static AtomTyper gninaDefault() {
        return new GninaTyper(ChannelMap.gninaReceptor(), ChannelMap.gninaLigand(), RadiusMode.ATOM);
    }
}
