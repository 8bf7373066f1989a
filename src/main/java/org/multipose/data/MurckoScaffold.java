package org.multipose.data;

import java.util.Optional;
import org.openscience.cdk.aromaticity.Aromaticity;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.fragment.MurckoFragmenter;
import org.openscience.cdk.graph.ConnectivityChecker;
import org.openscience.cdk.graph.Cycles;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IAtomContainerSet;
import org.openscience.cdk.interfaces.IBond;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmiFlavor;
import org.openscience.cdk.smiles.SmilesGenerator;
import org.openscience.cdk.smiles.SmilesParser;
import org.openscience.cdk.tools.manipulator.AtomContainerManipulator;

/**
 * Bemis–Murcko scaffolds (ring systems plus the linkers between them, side chains removed) as canonical SMILES,
 * computed with CDK's {@link MurckoFragmenter#scaffold}. Before: the SMILES is parsed (CXSMILES extensions such as
 * {@code |c:3,5|} are accepted), only the largest connected component is kept (salts and counter-ions such as ".Cl"
 * go), explicit hydrogens become implicit, and aromaticity is perceived (Daylight model) so Kekulé and aromatic
 * spellings of one molecule agree.
 * After: each scaffold atom gets back, as implicit hydrogens, the bond orders it lost with its side chains (CDK
 * leaves them out, which would make toluene's scaffold a benzene radical). Exocyclic double-bonded atoms are side
 * chains here. Not thread-safe (CDK's parser and generator are not); use one instance per thread.
 */
public final class MurckoScaffold {

    private final SmilesParser parser = new SmilesParser(SilentChemObjectBuilder.getInstance());
    private final SmilesGenerator generator = new SmilesGenerator(SmiFlavor.Unique | SmiFlavor.UseAromaticSymbols);
    private final Aromaticity aromaticity = new Aromaticity(Aromaticity.Model.Daylight, Cycles.or(Cycles.all(),
            Cycles.all(6)));

    /**
     * The scaffold SMILES of {@code smiles}: "" for an acyclic molecule (no ring, no scaffold), empty when the
     * SMILES is blank or CDK cannot read or canonicalise it.
     */
    public Optional<String> of(String smiles) {
        if (smiles.isBlank()) {
            return Optional.empty();
        }
        try {
            IAtomContainer mol = largestComponent(parser.parseSmiles(smiles.trim()));
            mol = AtomContainerManipulator.suppressHydrogens(mol);
            aromaticity.apply(mol);
            IAtomContainer scaffold = MurckoFragmenter.scaffold(mol);
            if (scaffold == null || scaffold.getAtomCount() == 0) {
                return Optional.of("");
            }
            for (IAtom a : scaffold.atoms()) {
                int lost = bondOrderSum(mol, a) - bondOrderSum(scaffold, a);
                Integer h = a.getImplicitHydrogenCount();
                a.setImplicitHydrogenCount((h == null ? 0 : h) + lost);
            }
            return Optional.of(generator.create(scaffold));
        } catch (CDKException | RuntimeException e) {
            // CDK signals unreadable or un-canonicalisable input with a mix of checked and unchecked exceptions;
            // the caller's documented fallback handles every such compound alike.
            return Optional.empty();
        }
    }

    private static IAtomContainer largestComponent(IAtomContainer mol) {
        if (ConnectivityChecker.isConnected(mol)) {
            return mol;
        }
        IAtomContainerSet parts = ConnectivityChecker.partitionIntoMolecules(mol);
        IAtomContainer best = null;
        for (IAtomContainer p : parts.atomContainers()) {
            if (best == null || heavyAtoms(p) > heavyAtoms(best)) {
                best = p;
            }
        }
        return best;
    }

    private static int heavyAtoms(IAtomContainer m) {
        int n = 0;
        for (IAtom a : m.atoms()) {
            if (a.getAtomicNumber() == null || a.getAtomicNumber() != 1) {
                n++;
            }
        }
        return n;
    }

    private static int bondOrderSum(IAtomContainer m, IAtom a) {
        int s = 0;
        for (IBond b : m.getConnectedBondsList(a)) {
            s += b.getOrder() == null || b.getOrder() == IBond.Order.UNSET ? 1 : b.getOrder().numeric();
        }
        return s;
    }
}
