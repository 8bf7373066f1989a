package org.multipose.cli.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.multipose.base.InputException;
import org.multipose.config.GridSpec;
import org.multipose.grid.GridMaker;
import org.multipose.grid.ReceptorCrop;
import org.multipose.model.ModelSpec;
import org.multipose.model.PoseModel;
import org.multipose.predict.PoseBatchScorer;
import org.multipose.predict.PoseScore;
import org.multipose.refine.RefinedSdf;
import org.multipose.structure.CompoundIdRule;
import org.multipose.structure.Molecule;
import org.multipose.structure.SdfLigandReader;
import org.multipose.structure.SmilesPolicy;
import org.multipose.train.EngineThreads;
import org.multipose.typing.AtomTyper;
import org.multipose.typing.ChannelMap;
import org.multipose.typing.TypedAtoms;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pipeline bench score}: the per-batch work of {@code score} — parse the batch's SD records, type them,
 * center, grid each pose with a protein-sized receptor, run every member, format gnina's tags — timed interleaved
 * against the bare DJL forward of the same batch through the same members (the floor: the grids made beforehand, no
 * parsing, typing, gridding or output). The ratio is the overhead of everything around the networks; poses/s is the
 * throughput of the whole path.
 *
 * <p>Models: {@code default2018} (one gnina default2018 network) and {@code gnina:default} (gnina's default ensemble:
 * two Dense and three default2018 networks), with random weights (speed does not depend on them, so the bench needs
 * no weight files). Grids 28×48³ at 0.5 Å. The receptor is synthetic at protein density (as in {@code bench train}):
 * {@code --receptor-atoms} atoms over a shell 4–26 Å around the first pose, in the 14 receptor channels with XS
 * radii; the poses are the bundled demo's ({@code datasets/demo/poses.sdf}). Each thread count is set on the running
 * PyTorch engine (its intra-op count may change at any time) and on the gridder.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Time score's per-batch path (parse, type, grid, networks, tags) against the bare DJL forward of"
                + " the same batch.")
public final class ScoreBench implements Callable<Integer> {

    @Option(names = "--models", split = ",", defaultValue = "default2018,gnina:default",
            description = "default2018 and/or gnina:default (default: both)")
    List<String> models;

    @Option(names = "--threads", split = ",", defaultValue = "1,2", description = "thread counts (default 1,2)")
    int[] threads;

    @Option(names = "--batch", defaultValue = "8", description = "poses per batch (default 8)")
    int batch;

    @Option(names = "--runs", defaultValue = "3", description = "timed runs per measurement (default 3)")
    int runs;

    @Option(names = "--warmup", defaultValue = "1", description = "untimed runs first (default 1)")
    int warmup;

    @Option(names = "--receptor-atoms", defaultValue = "3650", description = "receptor atoms (default 3650)")
    int receptorAtoms;

    @Option(names = "--poses", defaultValue = "datasets/demo/poses.sdf", description = "SD file whose first"
            + " --batch records are scored (default: the bundled demo)")
    Path poses;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (threads.length == 0 || batch < 1 || runs < 1 || warmup < 0 || receptorAtoms < 1) {
            throw new InputException("bench score: --threads, --batch, --runs and --receptor-atoms must be ≥ 1 and"
                    + " --warmup ≥ 0");
        }
        for (int t : threads) {
            if (t < 1) {
                throw new InputException("bench score: --threads " + t + ": give counts ≥ 1");
            }
        }
        for (String m : models) {
            if (!m.equals("default2018") && !m.equals("gnina:default")) {
                throw new InputException("bench score: --models " + m + ": use default2018 and/or gnina:default");
            }
        }
        List<SdfLigandReader.RecordText> all = SdfLigandReader.split(poses);
        if (all.size() < batch) {
            throw new InputException("bench score: " + poses + " holds " + all.size() + " records, fewer than --batch "
                    + batch);
        }
        List<SdfLigandReader.RecordText> records = all.subList(0, batch);
        java.io.PrintWriter out = spec.commandLine().getOut();
        EngineThreads.configure(threads[0]);
        GridSpec grid = GridSpec.defaults();
        AtomTyper typer = AtomTyper.gninaDefault();
        TypedAtoms receptor = receptor(receptorAtoms, center(records, typer));
        out.printf(Locale.ROOT, "score bench: 28×%d³ grids (%s Å, %s Å), batches of %d demo poses, synthetic receptor"
                + " of %d atoms, random weights; %d runs (median) after %d warm-up; %d cores, load average %.2f%n",
                grid.pointsPerSide(), grid.resolution(), grid.dimension(), batch, receptorAtoms, runs, warmup,
                Runtime.getRuntime().availableProcessors(), load());
        out.printf("%-14s %7s %8s %13s %13s %8s %9s %11s%n", "model", "members", "threads", "score ms", "bare ms",
                "ratio", "poses/s", "bare pps");
        out.flush();
        for (String name : models) {
            List<PoseModel> members = members(name);
            try {
                for (int t : threads) {
                    EngineThreads.configure(t);
                    try (Setup s = new Setup(members, grid, typer, receptor, records, t)) {
                        Timing timing = Timing.interleaved(s::score, s::bare, warmup, runs, 1);
                        double ms = timing.subjectMedian() / 1e6;
                        double bareMs = timing.floorMedian() / 1e6;
                        out.printf(Locale.ROOT, "%-14s %7d %8d %13.1f %13.1f %7.2fx %9.2f %11.2f%n", name,
                                members.size(), t, ms, bareMs, timing.ratio(), batch / (ms / 1e3),
                                batch / (bareMs / 1e3));
                        out.flush();
                    }
                }
            } finally {
                members.forEach(PoseModel::close);
            }
        }
        out.printf(Locale.ROOT, "load average after the timings %.2f%n", load());
        out.flush();
        return 0;
    }

    /** The networks of a bench model, with random weights. */
    private static List<PoseModel> members(String name) {
        List<ModelSpec> specs = name.equals("default2018") ? List.of(ModelSpec.gninaDefault2018(28))
                : List.of(ModelSpec.gninaDense(28), ModelSpec.gninaDefault2018(28), ModelSpec.gninaDense(28),
                        ModelSpec.gninaDefault2018(28), ModelSpec.gninaDefault2018(28));
        List<PoseModel> out = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            out.add(PoseModel.create(specs.get(i), 11 + i));
        }
        return out;
    }

    private static double[] center(List<SdfLigandReader.RecordText> records, AtomTyper typer) {
        Molecule m = SdfLigandReader.parse(records.subList(0, 1), Path.of("bench.sdf"), CompoundIdRule.fileName(),
                SmilesPolicy.FIRST_PER_COMPOUND).items().get(0);
        return PoseBatchScorer.ligandCenter(typer.typeLigand(m));
    }

    /** A receptor at protein heavy-atom density over a shell 4–26 Å around {@code c}, in the 14 receptor channels. */
    static TypedAtoms receptor(int atoms, double[] c) {
        ChannelMap map = ChannelMap.gninaReceptor();
        SplittableRandom rnd = new SplittableRandom(42);
        float[] xyz = new float[3 * atoms];
        int[] channels = new int[atoms];
        float[] radii = new float[atoms];
        int[] source = new int[atoms];
        for (int a = 0; a < atoms; a++) {
            double r = Math.cbrt(64 + rnd.nextDouble() * (26 * 26 * 26 - 64));
            double z = 2 * rnd.nextDouble() - 1;
            double phi = 2 * Math.PI * rnd.nextDouble();
            double s = Math.sqrt(1 - z * z);
            xyz[3 * a] = (float) (c[0] + r * s * Math.cos(phi));
            xyz[3 * a + 1] = (float) (c[1] + r * s * Math.sin(phi));
            xyz[3 * a + 2] = (float) (c[2] + r * z);
            channels[a] = rnd.nextInt(10); // the 10 channels of C, N, O, S and halogens
            radii[a] = map.channelRadii()[channels[a]];
            source[a] = a;
        }
        return new TypedAtoms(xyz, channels, radii, map.channelNames(), source, 0, List.of());
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** One batch: the score path, and the pre-made grids of the same poses for the floor. */
    private static final class Setup implements AutoCloseable {
        final List<PoseModel> members;
        final AtomTyper typer;
        final TypedAtoms receptor;
        final List<SdfLigandReader.RecordText> records;
        final PoseBatchScorer scorer;
        final NDManager manager = NDManager.newBaseManager();
        final NDArray grids;
        int tagChars;

        Setup(List<PoseModel> members, GridSpec grid, AtomTyper typer, TypedAtoms receptor,
                List<SdfLigandReader.RecordText> records, int threads) {
            this.members = members;
            this.typer = typer;
            this.receptor = receptor;
            this.records = records;
            this.scorer = new PoseBatchScorer(members, grid, threads, records.size());
            // The floor's input: the same poses gridded once, in one direct buffer.
            int channels = 28;
            int p = grid.pointsPerSide();
            try (GridMaker maker = new GridMaker(grid, threads)) {
                int length = maker.gridLength(channels);
                ByteBuffer buf = ByteBuffer.allocateDirect(records.size() * length * Float.BYTES)
                        .order(ByteOrder.nativeOrder());
                float[] g = new float[length];
                for (TypedAtoms lig : ligands()) {
                    double[] c = PoseBatchScorer.ligandCenter(lig);
                    TypedAtoms both = TypedAtoms.concat(crop(c, grid), lig);
                    maker.forward(both.coords(), both.channels(), both.radii(), c, g);
                    for (float v : g) {
                        buf.putFloat(v);
                    }
                }
                buf.clear();
                grids = manager.create(buf, new Shape(records.size(), channels, p, p, p), DataType.FLOAT32);
            }
        }

        private TypedAtoms crop(double[] c, GridSpec grid) {
            int[] kept = ReceptorCrop.keep(receptor.coords(), receptor.radii(), c, grid, 0.0);
            float[] xyz = new float[3 * kept.length];
            int[] ch = new int[kept.length];
            float[] r = new float[kept.length];
            for (int k = 0; k < kept.length; k++) {
                System.arraycopy(receptor.coords(), 3 * kept[k], xyz, 3 * k, 3);
                ch[k] = receptor.channels()[kept[k]];
                r[k] = receptor.radii()[kept[k]];
            }
            return new TypedAtoms(xyz, ch, r, receptor.channelNames(), kept, 0, List.of());
        }

        private List<TypedAtoms> ligands() {
            List<TypedAtoms> out = new ArrayList<>();
            for (Molecule m : SdfLigandReader.parse(records, Path.of("bench.sdf"), CompoundIdRule.title(),
                    SmilesPolicy.FIRST_PER_COMPOUND).items()) {
                out.add(typer.typeLigand(m));
            }
            return out;
        }

        /** What score does per batch, from SD text to tagged SD text. */
        void score() {
            List<TypedAtoms> ligs = ligands();
            List<double[]> centers = new ArrayList<>();
            for (TypedAtoms l : ligs) {
                centers.add(PoseBatchScorer.ligandCenter(l));
            }
            List<PoseScore> scores = scorer.score(receptor, ligs, centers);
            for (int i = 0; i < scores.size(); i++) {
                Map<String, String> tags = new LinkedHashMap<>();
                tags.put("CNNaffinity", String.format(Locale.ROOT, "%.10f", scores.get(i).affinity()));
                tagChars += RefinedSdf.withTags(records.get(i), tags).length();
            }
        }

        /** Bare DJL: every member's forward of the pre-made batch. */
        void bare() {
            try (NDManager scratch = manager.newSubManager()) {
                scratch.tempAttachAll(grids);
                for (PoseModel m : members) {
                    ai.djl.ndarray.NDList o = m.forward(grids);
                    o.get(0).toFloatArray();
                    o.get(1).softmax(1).toFloatArray();
                }
            }
        }

        @Override
        public void close() {
            manager.close();
            scorer.close();
        }
    }
}
