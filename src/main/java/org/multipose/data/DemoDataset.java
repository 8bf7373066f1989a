package org.multipose.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generator of the bundled demo dataset: one synthetic pocket (side chains of ten standard residues around a
 * center), small ring-based ligands, several rigid docked-like poses per ligand, and labels from a <b>planted</b> 3D
 * interaction score of each ligand's best pose plus Gaussian noise. A model can only predict the labels well by
 * reading which ligand atoms sit near which receptor atoms, so the demo shows whether training learns geometry, not
 * just ligand size.
 *
 * <p>Planted score S of a pose (arbitrary energy units, lower = tighter), summed over ligand heavy atoms i and
 * receptor heavy atoms j at distance d (Å): hydrogen bonds (ligand donor–receptor acceptor or ligand
 * acceptor–receptor donor) {@code h_i = Σ_j exp(−((d − 2.9)/0.5)²)} contribute {@code −h_i}; each polar ligand atom
 * pays a desolvation cost {@code 1.0·max(0, 1 − h_i)} (a buried donor/acceptor without a partner loses its
 * water hydrogen bonds); apolar carbon/chlorine pairs contribute {@code −0.05·exp(−((d − 4.0)/0.7)²)}; clashes
 * {@code +2·(2.8 − d)²} for d &lt; 2.8 Å. The label is {@code pIC50 = 5.0 − 1.1·S_best + N(0, 0.25²)} where
 * S_best is the lowest score among the sampled placements; compounds below pIC50 4.5 are reported as censored
 * ({@code IC50 > 31.6 uM}). With the bundled seed, heavy-atom count alone ranks the labels with Spearman ≈ 0.4.
 *
 * <p>Files written (deterministic for a seed; the SDF and PDB writers are hand-written because CDK's SDF writer
 * stamps the current date into every header, which would make regeneration non-reproducible):
 * {@code receptor.pdb}, {@code poses.sdf} (all poses, title = compound id, SD tags {@code pose_rank},
 * {@code dock_score}, {@code rmsd_to_best}), {@code affinities.csv} (compound_id, measure, value, unit, qualifier,
 * stderr) and {@code planted.csv} (the planted best-pose score and heavy-atom count per compound, for analysis).
 */
public final class DemoDataset {

    /**
     * Generation options.
     *
     * @param compounds number of ligands
     * @param poses     poses written per ligand (the best of the sampled poses is always among them)
     * @param candidates rigid placements sampled per ligand to find its best pose
     * @param seed      seed of every random draw
     */
    public record Options(int compounds, int poses, int candidates, long seed) {
        public Options {
            if (compounds < 1 || poses < 1 || candidates < poses) {
                throw new IllegalArgumentException("need compounds >= 1, poses >= 1, candidates >= poses");
            }
        }

        /** The configuration of the bundled {@code datasets/demo}. */
        public static Options bundled() {
            return new Options(240, 4, 96, 20261121L);
        }
    }

    /** What was written: counts and paths. */
    public record Summary(Path directory, int compounds, int poses, int receptorAtoms, int censored) {}

    /** Pocket center, Å (away from the origin so nothing depends on it being 0). */
    static final double[] CENTER = {12.0, 8.0, -4.0};
    private static final double SITE_RADIUS = 5.6;
    private static final double CLASH = 2.8;
    private static final double HYDROPHOBIC = 0.05;
    private static final double DESOLVATION = 1.0;

    // Atom roles for the planted score; the typer decides channels independently of these.
    static final int APOLAR = 0;
    static final int DONOR = 1;
    static final int ACCEPTOR = 2;
    static final int DONOR_ACCEPTOR = 3;
    static final int OTHER = 4;

    private DemoDataset() {}

    /** Writes the demo dataset into {@code dir} (created if needed). */
    public static Summary generate(Path dir, Options opt) {
        try {
            Files.createDirectories(dir);
            SplittableRandom rng = new SplittableRandom(opt.seed());
            Receptor rec = buildReceptor();
            writePdb(dir.resolve("receptor.pdb"), rec);

            int censored = 0;
            int poseCount = 0;
            try (Writer sdf = Files.newBufferedWriter(dir.resolve("poses.sdf"), StandardCharsets.UTF_8);
                    Writer csv = Files.newBufferedWriter(dir.resolve("affinities.csv"), StandardCharsets.UTF_8);
                    Writer planted = Files.newBufferedWriter(dir.resolve("planted.csv"), StandardCharsets.UTF_8)) {
                csv.write("compound_id,measure,value,unit,qualifier,stderr\n");
                planted.write("compound_id,heavy_atoms,best_score,pic50_noiseless\n");
                for (int c = 0; c < opt.compounds(); c++) {
                    String id = String.format(Locale.ROOT, "demo_%03d", c + 1);
                    Ligand lig = buildLigand(rng);
                    double[][] cand = new double[opt.candidates()][];
                    double[] score = new double[opt.candidates()];
                    int best = 0;
                    for (int k = 0; k < opt.candidates(); k++) {
                        cand[k] = place(lig.coords(), rng);
                        score[k] = plantedScore(cand[k], lig.roles(), rec);
                        if (score[k] < score[best]) {
                            best = k;
                        }
                    }
                    // Poses: the best placement plus distinct others, in random order, ranked by a noisy score
                    // (like a docking program that usually, not always, ranks the right pose first).
                    int[] chosen = choosePoses(best, opt.candidates(), opt.poses(), rng);
                    double[] dock = new double[chosen.length];
                    for (int i = 0; i < chosen.length; i++) {
                        dock[i] = score[chosen[i]] + 0.7 * rng.nextGaussian(0, 1);
                    }
                    int[] rank = ranks(dock);
                    for (int i = 0; i < chosen.length; i++) {
                        writeSdfRecord(sdf, id, lig, cand[chosen[i]], rank[i], dock[i],
                                rmsd(cand[chosen[i]], cand[best]));
                        poseCount++;
                    }
                    double pNoiseless = 5.0 - 1.1 * score[best];
                    double p = pNoiseless + 0.25 * rng.nextGaussian(0, 1);
                    if (p < 4.5) {
                        censored++;
                        csv.write(id + ",IC50,31.6,uM,>,\n");
                    } else {
                        double ic50uM = Math.pow(10, 6 - p);
                        // stderr of the IC50 in uM: about 15 % of the value.
                        csv.write(String.format(Locale.ROOT, "%s,IC50,%.5g,uM,=,%.3g%n", id, ic50uM, 0.15 * ic50uM));
                    }
                    planted.write(String.format(Locale.ROOT, "%s,%d,%.6f,%.6f%n", id, lig.elements().length,
                            score[best], pNoiseless));
                }
            }
            return new Summary(dir, opt.compounds(), poseCount, rec.names().length, censored);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- receptor

    record Receptor(String[] names, String[] residues, int[] resSeq, String[] elements, double[][] coords,
            int[] roles) {}

    /**
     * One residue template: atom names, elements, roles, and coordinates in a local frame whose origin is the
     * residue's pocket-facing site and whose +z axis points away from the pocket center.
     */
    private record ResidueTemplate(String name, String[] atoms, String[] elements, int[] roles, double[][] local) {}

    private static ResidueTemplate tpl(String name, Object... spec) {
        int n = spec.length / 6;
        String[] atoms = new String[n];
        String[] el = new String[n];
        int[] roles = new int[n];
        double[][] xyz = new double[n][];
        for (int i = 0; i < n; i++) {
            atoms[i] = (String) spec[6 * i];
            el[i] = (String) spec[6 * i + 1];
            roles[i] = (Integer) spec[6 * i + 2];
            xyz[i] = new double[] {(Double) spec[6 * i + 3], (Double) spec[6 * i + 4], (Double) spec[6 * i + 5]};
        }
        return new ResidueTemplate(name, atoms, el, roles, xyz);
    }

    /** Backbone atoms hung off CA at local z = zCa (so every residue is complete enough for template typing). */
    private static Object[] backbone(double zCa) {
        return new Object[] {
            "N", "N", DONOR, 1.2, 0.0, zCa + 0.7,
            "CA", "C", OTHER, 0.0, 0.0, zCa,
            "C", "C", OTHER, -1.2, 0.0, zCa + 0.7,
            "O", "O", ACCEPTOR, -1.2, 0.0, zCa + 1.93
        };
    }

    private static Object[] cat(Object[] a, Object[] b) {
        Object[] r = new Object[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static List<ResidueTemplate> templates() {
        List<ResidueTemplate> t = new ArrayList<>();
        t.add(tpl("LYS", cat(new Object[] {
            "NZ", "N", DONOR, 0.0, 0.0, 0.0,
            "CE", "C", OTHER, 0.0, 0.84, 1.25,
            "CD", "C", APOLAR, 0.0, 0.0, 2.5,
            "CG", "C", APOLAR, 0.0, 0.84, 3.75,
            "CB", "C", APOLAR, 0.0, 0.0, 5.0}, backbone(6.25))));
        t.add(tpl("ASP", cat(new Object[] {
            "OD1", "O", ACCEPTOR, -1.08, 0.0, 0.0,
            "OD2", "O", ACCEPTOR, 1.08, 0.0, 0.0,
            "CG", "C", OTHER, 0.0, 0.0, 0.75,
            "CB", "C", APOLAR, 0.0, 0.84, 2.0}, backbone(3.25))));
        t.add(tpl("SER", cat(new Object[] {
            "OG", "O", DONOR_ACCEPTOR, 0.0, 0.0, 0.0,
            "CB", "C", OTHER, 0.0, 0.84, 1.2}, backbone(2.45))));
        t.add(tpl("PHE", cat(new Object[] {
            "CZ", "C", APOLAR, 0.0, 0.0, 0.0,
            "CE1", "C", APOLAR, -1.2, 0.0, 0.7,
            "CE2", "C", APOLAR, 1.2, 0.0, 0.7,
            "CD1", "C", APOLAR, -1.2, 0.0, 2.1,
            "CD2", "C", APOLAR, 1.2, 0.0, 2.1,
            "CG", "C", APOLAR, 0.0, 0.0, 2.8,
            "CB", "C", APOLAR, 0.0, 0.0, 4.3}, backbone(5.55))));
        t.add(tpl("LEU", cat(new Object[] {
            "CD1", "C", APOLAR, -1.25, 0.0, 0.0,
            "CD2", "C", APOLAR, 1.25, 0.0, 0.0,
            "CG", "C", APOLAR, 0.0, 0.0, 0.75,
            "CB", "C", APOLAR, 0.0, 0.84, 2.0}, backbone(3.25))));
        t.add(tpl("ASN", cat(new Object[] {
            "OD1", "O", ACCEPTOR, -1.1, 0.0, 0.0,
            "ND2", "N", DONOR, 1.1, 0.0, 0.0,
            "CG", "C", OTHER, 0.0, 0.0, 0.75,
            "CB", "C", APOLAR, 0.0, 0.84, 2.0}, backbone(3.25))));
        t.add(tpl("VAL", cat(new Object[] {
            "CG1", "C", APOLAR, -1.25, 0.0, 0.0,
            "CG2", "C", APOLAR, 1.25, 0.0, 0.0,
            "CB", "C", APOLAR, 0.0, 0.0, 0.75}, backbone(2.0))));
        t.add(tpl("GLU", cat(new Object[] {
            "OE1", "O", ACCEPTOR, -1.08, 0.0, 0.0,
            "OE2", "O", ACCEPTOR, 1.08, 0.0, 0.0,
            "CD", "C", OTHER, 0.0, 0.0, 0.75,
            "CG", "C", APOLAR, 0.0, 0.84, 2.0,
            "CB", "C", APOLAR, 0.0, 0.0, 3.25}, backbone(4.5))));
        t.add(tpl("TYR", cat(new Object[] {
            "OH", "O", DONOR_ACCEPTOR, 0.0, 0.0, 0.0,
            "CZ", "C", OTHER, 0.0, 0.0, 1.36,
            "CE1", "C", APOLAR, -1.2, 0.0, 2.06,
            "CE2", "C", APOLAR, 1.2, 0.0, 2.06,
            "CD1", "C", APOLAR, -1.2, 0.0, 3.46,
            "CD2", "C", APOLAR, 1.2, 0.0, 3.46,
            "CG", "C", APOLAR, 0.0, 0.0, 4.16,
            "CB", "C", APOLAR, 0.0, 0.0, 5.66}, backbone(6.91))));
        t.add(tpl("ARG", cat(new Object[] {
            "NH1", "N", DONOR, -1.15, 0.0, 0.0,
            "NH2", "N", DONOR, 1.15, 0.0, 0.0,
            "CZ", "C", OTHER, 0.0, 0.0, 0.66,
            "NE", "N", DONOR, 0.0, 0.0, 2.0,
            "CD", "C", OTHER, 0.0, 0.84, 3.25,
            "CG", "C", APOLAR, 0.0, 0.0, 4.5,
            "CB", "C", APOLAR, 0.0, 0.84, 5.75}, backbone(7.0))));
        return t;
    }

    static Receptor buildReceptor() {
        List<ResidueTemplate> tpls = templates();
        int n = tpls.size();
        List<String> names = new ArrayList<>();
        List<String> res = new ArrayList<>();
        List<Integer> seq = new ArrayList<>();
        List<String> el = new ArrayList<>();
        List<double[]> xyz = new ArrayList<>();
        List<Integer> roles = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            // Fibonacci sphere: residues spread evenly around the pocket.
            double z = 1 - 2 * (r + 0.5) / n;
            double rad = Math.sqrt(1 - z * z);
            double phi = r * Math.PI * (3 - Math.sqrt(5));
            double[] v = {rad * Math.cos(phi), rad * Math.sin(phi), z};
            double[][] frame = frameAlong(v);
            ResidueTemplate t = tpls.get(r);
            for (int a = 0; a < t.atoms().length; a++) {
                double[] l = t.local()[a];
                double[] p = new double[3];
                for (int k = 0; k < 3; k++) {
                    p[k] = CENTER[k] + SITE_RADIUS * v[k] + l[0] * frame[0][k] + l[1] * frame[1][k]
                            + l[2] * frame[2][k];
                }
                names.add(t.atoms()[a]);
                res.add(t.name());
                seq.add(10 + 7 * r);
                el.add(t.elements()[a]);
                xyz.add(p);
                roles.add(t.roles()[a]);
            }
        }
        return new Receptor(names.toArray(String[]::new), res.toArray(String[]::new),
                seq.stream().mapToInt(Integer::intValue).toArray(), el.toArray(String[]::new),
                xyz.toArray(double[][]::new), roles.stream().mapToInt(Integer::intValue).toArray());
    }

    /** An orthonormal frame (e1, e2, e3 = v). */
    private static double[][] frameAlong(double[] v) {
        double[] a = Math.abs(v[0]) < 0.9 ? new double[] {1, 0, 0} : new double[] {0, 1, 0};
        double[] e1 = cross(a, v);
        normalize(e1);
        double[] e2 = cross(v, e1);
        return new double[][] {e1, e2, v.clone()};
    }

    // PDB is written by hand for the same reproducibility reason as the SDF (fixed columns, no timestamps).
    private static void writePdb(Path file, Receptor rec) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("REMARK   1 multipose synthetic demo pocket (DemoDataset); not a real protein\n");
            for (int i = 0; i < rec.names().length; i++) {
                String name = rec.names()[i];
                String padded = name.length() < 4 ? " " + name : name;
                w.write(String.format(Locale.ROOT, "ATOM  %5d %-4s %3s A%4d    %8.3f%8.3f%8.3f  1.00  0.00          %2s%n",
                        i + 1, padded, rec.residues()[i], rec.resSeq()[i], rec.coords()[i][0], rec.coords()[i][1],
                        rec.coords()[i][2], rec.elements()[i]));
            }
            w.write("END\n");
        }
    }

    // ---------------------------------------------------------------- ligands

    /** A ligand in its own frame (centroid at the origin): heavy atoms, bonds (1-based pairs + order), roles. */
    record Ligand(String[] elements, double[][] coords, int[][] bonds, int[] roles) {}

    private static final class LigandBuilder {
        final List<String> el = new ArrayList<>();
        final List<double[]> xyz = new ArrayList<>();
        final List<int[]> bonds = new ArrayList<>();
        final List<Integer> roles = new ArrayList<>();

        int add(String e, double[] p, int role) {
            el.add(e);
            xyz.add(p);
            roles.add(role);
            return el.size() - 1;
        }

        void bond(int a, int b, int order) {
            bonds.add(new int[] {a + 1, b + 1, order});
        }
    }

    static Ligand buildLigand(SplittableRandom rng) {
        LigandBuilder b = new LigandBuilder();
        boolean pyridine = rng.nextInt(3) == 0;
        int[] ring = new int[6];
        for (int i = 0; i < 6; i++) {
            double a = Math.PI / 3 * i;
            boolean n = pyridine && i == 0;
            ring[i] = b.add(n ? "N" : "C", new double[] {1.39 * Math.cos(a), 1.39 * Math.sin(a), 0}, n ? ACCEPTOR
                    : APOLAR);
        }
        for (int i = 0; i < 6; i++) {
            b.bond(ring[i], ring[(i + 1) % 6], i % 2 == 0 ? 2 : 1); // Kekulé form
        }
        int nSub = 1 + rng.nextInt(4);
        boolean[] used = new boolean[6];
        if (pyridine) {
            used[0] = true;
        }
        for (int s = 0; s < nSub; s++) {
            int pos = rng.nextInt(6);
            if (used[pos]) {
                continue;
            }
            used[pos] = true;
            addSubstituent(b, ring[pos], Math.PI / 3 * pos, rng.nextInt(8), rng);
        }
        // The ring carbon role: apolar unless bonded to N or O (as in the typing rules).
        double[][] xyz = b.xyz.toArray(double[][]::new);
        double[] c = new double[3];
        for (double[] p : xyz) {
            for (int k = 0; k < 3; k++) {
                c[k] += p[k] / xyz.length;
            }
        }
        for (double[] p : xyz) {
            for (int k = 0; k < 3; k++) {
                p[k] -= c[k];
            }
        }
        int[] roles = b.roles.stream().mapToInt(Integer::intValue).toArray();
        String[] el = b.el.toArray(String[]::new);
        for (int[] bd : b.bonds) {
            int x = bd[0] - 1;
            int y = bd[1] - 1;
            if (el[x].equals("C") && (el[y].equals("N") || el[y].equals("O"))) {
                roles[x] = OTHER;
            }
            if (el[y].equals("C") && (el[x].equals("N") || el[x].equals("O"))) {
                roles[y] = OTHER;
            }
        }
        return new Ligand(el, xyz, b.bonds.toArray(int[][]::new), roles);
    }

    private static void addSubstituent(LigandBuilder b, int ringAtom, double angle, int kind, SplittableRandom rng) {
        double cx = Math.cos(angle);
        double cy = Math.sin(angle);
        double[] base = b.xyz.get(ringAtom);
        // Point at distance r along the radial direction, with a small tangential offset t and out-of-plane z.
        java.util.function.BiFunction<Double, Double, double[]> at = (r, t) -> new double[] {
            base[0] + r * cx - t * cy, base[1] + r * cy + t * cx, 0};
        switch (kind) {
            case 0 -> b.bond(ringAtom, b.add("O", at.apply(1.36, 0.0), DONOR_ACCEPTOR), 1); // phenol
            case 1 -> b.bond(ringAtom, b.add("N", at.apply(1.40, 0.0), DONOR), 1); // aniline
            case 2 -> b.bond(ringAtom, b.add("C", at.apply(1.50, 0.0), APOLAR), 1); // methyl
            case 3 -> b.bond(ringAtom, b.add("Cl", at.apply(1.74, 0.0), APOLAR), 1);
            case 4 -> b.bond(ringAtom, b.add("F", at.apply(1.35, 0.0), OTHER), 1);
            case 5 -> { // carboxamide
                int c = b.add("C", at.apply(1.50, 0.0), OTHER);
                b.bond(ringAtom, c, 1);
                b.bond(c, b.add("O", at.apply(2.25, 1.05), ACCEPTOR), 2);
                b.bond(c, b.add("N", at.apply(2.25, -1.15), DONOR), 1);
            }
            case 6 -> { // methoxy
                int o = b.add("O", at.apply(1.36, 0.0), ACCEPTOR);
                b.bond(ringAtom, o, 1);
                b.bond(o, b.add("C", at.apply(2.10, 1.15), APOLAR), 1);
            }
            default -> { // ethyl or isopropyl: hydrophobic bulk
                int c1 = b.add("C", at.apply(1.50, 0.0), APOLAR);
                b.bond(ringAtom, c1, 1);
                b.bond(c1, b.add("C", at.apply(2.25, 1.25), APOLAR), 1);
                if (rng.nextBoolean()) {
                    b.bond(c1, b.add("C", at.apply(2.25, -1.25), APOLAR), 1);
                }
            }
        }
    }

    /** A random rigid placement: uniform rotation, centroid within 1 Å of the pocket center. */
    private static double[] place(double[][] local, SplittableRandom rng) {
        double u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        double u3 = rng.nextDouble();
        double qx = Math.sqrt(1 - u1) * Math.sin(2 * Math.PI * u2);
        double qy = Math.sqrt(1 - u1) * Math.cos(2 * Math.PI * u2);
        double qz = Math.sqrt(u1) * Math.sin(2 * Math.PI * u3);
        double qw = Math.sqrt(u1) * Math.cos(2 * Math.PI * u3);
        double[][] r = {
            {1 - 2 * (qy * qy + qz * qz), 2 * (qx * qy - qz * qw), 2 * (qx * qz + qy * qw)},
            {2 * (qx * qy + qz * qw), 1 - 2 * (qx * qx + qz * qz), 2 * (qy * qz - qx * qw)},
            {2 * (qx * qz - qy * qw), 2 * (qy * qz + qx * qw), 1 - 2 * (qx * qx + qy * qy)}};
        double[] shift = new double[3];
        for (int k = 0; k < 3; k++) {
            shift[k] = CENTER[k] + (2 * rng.nextDouble() - 1) * 0.6;
        }
        double[] out = new double[local.length * 3];
        for (int i = 0; i < local.length; i++) {
            for (int k = 0; k < 3; k++) {
                out[3 * i + k] = shift[k] + r[k][0] * local[i][0] + r[k][1] * local[i][1] + r[k][2] * local[i][2];
            }
        }
        return out;
    }

    /** The planted score of a pose (see the class comment); lower is tighter. */
    static double plantedScore(double[] xyz, int[] ligRoles, Receptor rec) {
        double s = 0;
        for (int i = 0; i < ligRoles.length; i++) {
            int a = ligRoles[i];
            double hbonds = 0;
            for (int j = 0; j < rec.roles().length; j++) {
                double[] q = rec.coords()[j];
                double dx = xyz[3 * i] - q[0];
                double dy = xyz[3 * i + 1] - q[1];
                double dz = xyz[3 * i + 2] - q[2];
                double d = Math.sqrt(dx * dx + dy * dy + dz * dz);
                if (d < CLASH) {
                    s += 2.0 * (CLASH - d) * (CLASH - d);
                }
                int b = rec.roles()[j];
                boolean hb = (donor(a) && acceptor(b)) || (acceptor(a) && donor(b));
                if (hb) {
                    double x = (d - 2.9) / 0.5;
                    hbonds += Math.exp(-x * x);
                } else if (a == APOLAR && b == APOLAR) {
                    double x = (d - 4.0) / 0.7;
                    s -= HYDROPHOBIC * Math.exp(-x * x);
                }
            }
            s -= hbonds;
            if (donor(a) || acceptor(a)) {
                // Desolvation: a polar ligand atom without a partner costs its lost water hydrogen bonds.
                s += DESOLVATION * Math.max(0, 1 - hbonds);
            }
        }
        return s;
    }

    private static boolean donor(int role) {
        return role == DONOR || role == DONOR_ACCEPTOR;
    }

    private static boolean acceptor(int role) {
        return role == ACCEPTOR || role == DONOR_ACCEPTOR;
    }

    private static int[] choosePoses(int best, int candidates, int poses, SplittableRandom rng) {
        int[] perm = new int[candidates];
        for (int i = 0; i < candidates; i++) {
            perm[i] = i;
        }
        for (int i = candidates - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] out = new int[poses];
        out[0] = best;
        int k = 1;
        for (int i = 0; i < candidates && k < poses; i++) {
            if (perm[i] != best) {
                out[k++] = perm[i];
            }
        }
        // Shuffle so the best pose is not always first in the file.
        for (int i = poses - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return out;
    }

    /** 1-based ranks, ascending score (rank 1 = lowest). */
    private static int[] ranks(double[] s) {
        int[] r = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            int rank = 1;
            for (int j = 0; j < s.length; j++) {
                if (s[j] < s[i] || (s[j] == s[i] && j < i)) {
                    rank++;
                }
            }
            r[i] = rank;
        }
        return r;
    }

    private static double rmsd(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return Math.sqrt(s / (a.length / 3));
    }

    private static void writeSdfRecord(Writer w, String id, Ligand lig, double[] xyz, int rank, double dock,
            double rmsd) throws IOException {
        int n = lig.elements().length;
        w.write(id + "\n  multipose-demo  3D\n\n");
        w.write(String.format(Locale.ROOT, "%3d%3d  0  0  0  0  0  0  0  0999 V2000%n", n, lig.bonds().length));
        for (int i = 0; i < n; i++) {
            w.write(String.format(Locale.ROOT, "%10.4f%10.4f%10.4f %-3s 0  0  0  0  0  0  0  0  0  0  0  0%n",
                    xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2], lig.elements()[i]));
        }
        for (int[] bd : lig.bonds()) {
            w.write(String.format(Locale.ROOT, "%3d%3d%3d  0%n", bd[0], bd[1], bd[2]));
        }
        w.write("M  END\n");
        w.write("> <pose_rank>\n" + rank + "\n\n");
        w.write(String.format(Locale.ROOT, "> <dock_score>%n%.3f%n%n", dock));
        w.write(String.format(Locale.ROOT, "> <rmsd_to_best>%n%.3f%n%n", rmsd));
        w.write("$$$$\n");
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static void normalize(double[] v) {
        double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        for (int k = 0; k < 3; k++) {
            v[k] /= n;
        }
    }
}
