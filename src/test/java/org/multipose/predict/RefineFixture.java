package org.multipose.predict;

import java.nio.file.Path;
import java.util.List;
import org.multipose.config.GridSpec;
import org.multipose.model.ModelSpec;
import org.multipose.structure.CompoundIdRule;
import org.multipose.structure.Molecule;
import org.multipose.structure.PdbReceptorReader;
import org.multipose.structure.ReceptorOptions;
import org.multipose.structure.SdfLigandReader;
import org.multipose.structure.SmilesPolicy;
import org.multipose.typing.AtomTyper;
import org.multipose.typing.TypedAtoms;

/**
 * The refinement tests' problem: the bundled demo's pocket (89 receptor atoms) and its first poses, typed with
 * gnina's default 14 + 14 channels, on a 16³ grid of 1 Å and a tiny small-architecture network.
 */
final class RefineFixture {

    /** 1 Å, 15 Å: 16 points per side. */
    static final GridSpec SPEC = GridSpec.of(1.0, 15.0, 1.0, 1.0, false);
    /** 28 channels, 16³, widths 4, 4, 8, 8, 8 (flattened 8·2³ = 64). */
    static final ModelSpec MODEL = new ModelSpec(ModelSpec.SMALL, 28, 16, List.of(4, 4, 8, 8, 8), false);
    static final AtomTyper TYPER = AtomTyper.gninaDefault();

    private RefineFixture() {
    }

    static Path demo() {
        return Path.of(System.getProperty("multipose.project.dir", ".")).resolve("datasets/demo");
    }

    static TypedAtoms receptor() {
        return TYPER.typeReceptor(PdbReceptorReader.read(demo().resolve("receptor.pdb"), ReceptorOptions.defaults())
                .receptor());
    }

    /** Records 1..count of the demo's poses. */
    static List<Molecule> poses(int count) {
        Path file = demo().resolve("poses.sdf");
        List<SdfLigandReader.RecordText> records = SdfLigandReader.split(file).subList(0, count);
        return SdfLigandReader.parse(records, file, CompoundIdRule.title(), SmilesPolicy.FIRST_PER_COMPOUND).items();
    }

    static TypedAtoms ligand(Molecule m) {
        return TYPER.typeLigand(m);
    }
}
