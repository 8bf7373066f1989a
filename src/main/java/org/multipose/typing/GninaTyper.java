package org.multipose.typing;

import java.util.List;
import java.util.Objects;
import org.multipose.structure.Molecule;
import org.multipose.structure.Receptor;

/**
 * gnina's typing: each atom gets one of the 28 {@link XsType}s ({@link LigandXsTyper}, {@link ReceptorXsTyper}),
 * then a {@link ChannelMap} sends it to a channel (or drops it).
 *
 * @param receptorMap channels for receptor atoms
 * @param ligandMap   channels for ligand atoms
 * @param radiusMode  per-atom XS radius or per-channel mean radius
 */
public record GninaTyper(ChannelMap receptorMap, ChannelMap ligandMap, RadiusMode radiusMode) implements AtomTyper {

    public GninaTyper {
        Objects.requireNonNull(receptorMap, "receptorMap");
        Objects.requireNonNull(ligandMap, "ligandMap");
        Objects.requireNonNull(radiusMode, "radiusMode");
    }

    @Override
    public TypedAtoms typeLigand(Molecule ligand) {
        return ligandMap.apply(ligand.coords(), LigandXsTyper.types(ligand), radiusMode, List.of());
    }

    @Override
    public TypedAtoms typeReceptor(Receptor receptor) {
        ReceptorXsTypes t = ReceptorXsTyper.types(receptor);
        List<String> notes = t.fallbackResidues().isEmpty() ? List.of()
                : List.of(t.fallbackAtomCount() + " receptor atoms in " + t.fallbackResidues().size()
                        + " residues typed from distance-based bonds: " + String.join(", ", t.fallbackResidues()));
        return receptorMap.apply(receptor.coords(), t.types(), radiusMode, notes);
    }

    @Override
    public TypingSpec spec() {
        return new TypingSpec("gnina", radiusMode, receptorMap.channelNames(), receptorMap.channelRadii(),
                ligandMap.channelNames(), ligandMap.channelRadii());
    }
}
