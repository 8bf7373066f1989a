package org.multipose.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.multipose.base.InputException;
import org.multipose.base.Reject;
import org.multipose.config.ConfigProblem;
import org.multipose.config.GridSpec;
import org.multipose.config.OutputPaths;
import org.multipose.grid.DxWriter;
import org.multipose.grid.GridMaker;
import org.multipose.grid.ReceptorCrop;
import org.multipose.structure.CompoundIdRule;
import org.multipose.structure.LigandReader;
import org.multipose.structure.Molecule;
import org.multipose.structure.PdbReceptorReader;
import org.multipose.structure.ReadResult;
import org.multipose.structure.ReceptorOptions;
import org.multipose.structure.ReceptorRead;
import org.multipose.typing.AtomTyper;
import org.multipose.typing.TypedAtoms;
import org.multipose.typing.Typers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pipeline grid}: grids one ligand pose (and optionally its receptor) and writes one OpenDX file per
 * non-empty channel plus a per-channel summary, for inspection in PyMOL, ChimeraX or VMD.
 */
@Command(
        name = "grid",
        mixinStandardHelpOptions = true,
        description = {
            "Grid one pose into the atomic density and write one OpenDX (.dx) file per non-empty channel.",
            "Channels: receptor channels first, then ligand channels (gnina's 14 + 14), or ligand channels only"
                    + " when no receptor is given."
        })
public final class GridCommand implements Callable<Integer> {

    @Option(names = "--ligand", required = true, paramLabel = "FILE", description = "ligand poses (SDF or MOL2)")
    Path ligand;

    @Option(names = "--receptor", paramLabel = "FILE", description = "receptor (PDB); omit for a ligand-only grid")
    Optional<Path> receptor = Optional.empty();

    @Option(names = "--id-from", paramLabel = "title|tag:NAME|file|folder",
            description = "where the pose's compound id comes from, as in prepare (default: the title; a blank"
                    + " title falls back to the file name)")
    String idFrom;

    @Option(names = "--pose", paramLabel = "K", description = "1-based record number in the ligand file "
            + "(default: ${DEFAULT-VALUE})")
    int pose = 1;

    @Option(names = "--center", paramLabel = "X,Y,Z", split = ",",
            description = "grid center in Å (default: the pose's heavy-atom centroid)")
    double[] center;

    @Option(names = "--resolution", paramLabel = "Å", description = "grid spacing (default: ${DEFAULT-VALUE})")
    double resolution = GridSpec.defaults().resolution();

    @Option(names = "--dimension", paramLabel = "Å", description = "grid edge length (default: ${DEFAULT-VALUE})")
    double dimension = GridSpec.defaults().dimension();

    @Option(names = "--radius-scale", description = "multiplier of atomic radii (default: ${DEFAULT-VALUE})")
    double radiusScale = GridSpec.defaults().radiusScale();

    @Option(names = "--gaussian-multiple", description = "G of the density; negative = truncated Gaussian "
            + "(default: ${DEFAULT-VALUE})")
    double gaussianMultiple = GridSpec.defaults().gaussianMultiple();

    @Option(names = "--binary", description = "binary occupancy instead of density")
    boolean binary;

    @Option(names = "--typer", paramLabel = "gnina|element", description = "atom typing (default: ${DEFAULT-VALUE})")
    String typer = "gnina";

    @Option(names = "--keep-waters", description = "keep receptor waters (dropped by default)")
    boolean keepWaters;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default: ${DEFAULT-VALUE})")
    Path out = Path.of("grid-out");

    /** The grid of the options; a bad value is named by its option. */
    private GridSpec spec() {
        try {
            return GridSpec.of(resolution, dimension, radiusScale, gaussianMultiple, binary);
        } catch (ConfigProblem p) {
            String option = p.key().isEmpty() ? "--resolution/--dimension" : "--" + p.key().replace('_', '-');
            throw new InputException(option + ": " + p.problem());
        }
    }

    @Override
    public Integer call() throws IOException {
        GridSpec spec = spec();
        AtomTyper atomTyper = Typers.create(typer, "--typer");
        OutputPaths.directory(out, "--out");
        Molecule mol = readPose();
        TypedAtoms lig = atomTyper.typeLigand(mol);
        if (lig.size() == 0) {
            throw new InputException(ligand + " record " + pose + ": no atom has a ligand channel (only hydrogens?)");
        }
        double[] c = center != null ? checkedCenter() : centroid(lig.coords());

        TypedAtoms atoms = lig;
        int receptorAtomsKept = 0;
        if (receptor.isPresent()) {
            ReceptorRead read = PdbReceptorReader.read(receptor.get(),
                    ReceptorOptions.defaults().withWaters(keepWaters));
            for (Reject r : read.rejects()) {
                System.err.println("grid: skipped " + r.file() + " " + r.record() + ": " + r.reason());
            }
            TypedAtoms rec = atomTyper.typeReceptor(read.receptor());
            int[] kept = ReceptorCrop.keep(rec.coords(), rec.radii(), c, spec, 0.0);
            receptorAtomsKept = kept.length;
            atoms = TypedAtoms.concat(subset(rec, kept), lig);
        }

        int channels = atoms.channelCount();
        float[] grid;
        try (GridMaker maker = new GridMaker(spec, 1)) {
            grid = new float[maker.gridLength(channels)];
            maker.forward(atoms.coords(), atoms.channels(), atoms.radii(), c, grid);
        }
        Files.createDirectories(out);
        int[] counts = atoms.countsPerChannel();
        int per = spec.pointsPerChannel();
        int written = 0;
        StringBuilder table = new StringBuilder("channel\tatoms\tsum\tmax\tfile\n");
        for (int ch = 0; ch < channels; ch++) {
            double sum = 0;
            float max = 0;
            for (int i = ch * per, end = i + per; i < end; i++) {
                sum += grid[i];
                max = Math.max(max, grid[i]);
            }
            String name = atoms.channelNames().get(ch);
            String file = "";
            if (counts[ch] > 0 && max > 0) {
                file = safe(name) + ".dx";
                DxWriter.write(out.resolve(file), grid, ch, spec, c, "multipose " + name + " of " + mol.where());
                written++;
            }
            table.append(String.format(Locale.ROOT, "%s\t%d\t%.6g\t%.6g\t%s%n", name, counts[ch], sum, max, file));
        }
        writeText(out.resolve("summary.tsv"), table.toString());
        System.out.print(table);
        if (receptor.isPresent() && receptorAtomsKept == 0) {
            System.err.printf(Locale.ROOT, "grid: warning: no atom of %s reaches the grid around (%.1f, %.1f, %.1f);"
                    + " the receptor channels are empty: check that the pose and the receptor share a frame, or"
                    + " --center%n", receptor.get(), c[0], c[1], c[2]);
        }
        System.out.printf(Locale.ROOT, "grid: %s (%d typed ligand atoms%s), %d points per side at %.3g Å, center "
                + "(%.3f, %.3f, %.3f); wrote %d .dx files and summary.tsv to %s%n", mol.where() + ", compound "
                + mol.compoundId(), lig.size(),
                receptor.isPresent() ? ", " + receptorAtomsKept + " receptor atoms within reach" : "",
                spec.pointsPerSide(), spec.resolution(), c[0], c[1], c[2], written, out.toAbsolutePath());
        return 0;
    }

    /**
     * The chosen record, its compound id by {@code --id-from}. Gridding needs no id, so without {@code --id-from} a
     * blank title (docking output often has one) is not an error: the file name names the compound, with a note.
     */
    private Molecule readPose() {
        CompoundIdRule rule = CompoundIdRule.title();
        if (idFrom != null) {
            try {
                rule = CompoundIdRule.parse(idFrom);
            } catch (InputException e) {
                throw new InputException("--id-from: " + e.getMessage());
            }
        }
        ReadResult<Molecule> read = LigandReader.read(ligand, rule);
        if (idFrom == null && missingId(read)) {
            System.err.println("grid: note: record " + pose + " of " + ligand + " has a blank title; the file name"
                    + " names the compound (choose with --id-from title|tag:NAME|file|folder)");
            read = LigandReader.read(ligand, CompoundIdRule.fileName());
        }
        return selectPose(read);
    }

    /** True when the chosen record was rejected for its compound id alone. */
    private boolean missingId(ReadResult<Molecule> read) {
        for (Reject r : read.rejects()) {
            if ((r.record().equals("record " + pose) || r.record().startsWith("record " + pose + " "))
                    && r.reason().startsWith("no compound id:")) {
                return true;
            }
        }
        return false;
    }

    private Molecule selectPose(ReadResult<Molecule> read) {
        for (Reject r : read.rejects()) {
            if (r.record().isEmpty()) { // a file-level problem ("the file is empty"): no record to choose
                throw new InputException(ligand + ": " + r.reason());
            }
        }
        for (Molecule m : read.items()) {
            if (m.record() == pose) {
                return m;
            }
        }
        for (Reject r : read.rejects()) {
            if (r.record().equals("record " + pose) || r.record().startsWith("record " + pose + " ")) {
                throw new InputException(ligand + " " + r.record() + " cannot be used: " + r.reason());
            }
        }
        int n = read.items().size() + read.rejects().size();
        throw new InputException(ligand + ": --pose " + pose + " is out of range; the file has " + n
                + " record(s) (numbered from 1)");
    }

    private double[] checkedCenter() {
        if (center.length != 3) {
            throw new InputException("--center: expected three numbers X,Y,Z in Å, got " + center.length);
        }
        return center.clone();
    }

    static double[] centroid(float[] xyz) {
        double[] c = new double[3];
        int n = xyz.length / 3;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                c[k] += xyz[3 * i + k];
            }
        }
        for (int k = 0; k < 3; k++) {
            c[k] /= n;
        }
        return c;
    }

    private static TypedAtoms subset(TypedAtoms t, int[] keep) {
        float[] xyz = new float[3 * keep.length];
        int[] ch = new int[keep.length];
        float[] r = new float[keep.length];
        int[] src = new int[keep.length];
        for (int i = 0; i < keep.length; i++) {
            int a = keep[i];
            System.arraycopy(t.coords(), 3 * a, xyz, 3 * i, 3);
            ch[i] = t.channels()[a];
            r[i] = t.radii()[a];
            src[i] = t.sourceAtoms()[a];
        }
        return new TypedAtoms(xyz, ch, r, t.channelNames(), src, t.droppedAtoms(), t.notes());
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    private static void writeText(Path file, String text) {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Channel names, for tests. */
    static List<String> channelNamesOf(TypedAtoms t) {
        return t.channelNames();
    }
}
