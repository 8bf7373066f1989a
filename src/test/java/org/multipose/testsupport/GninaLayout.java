package org.multipose.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.multipose.data.DemoDataset;

/**
 * Docking output laid out as gnina writes it, made here from two small synthetic demo sets (one per target, other
 * seeds): a folder {@code ligand_N/} per ligand holding {@code docked_A.sdf} and {@code docked_B.sdf}, the poses of
 * that ligand docked to targets A and B in rank order (file order = rank, no pose-index tag), every title line blank,
 * the score as gnina's {@code minimizedAffinity} tag and no RMSD tag; the receptors {@code rec_A.pdb},
 * {@code rec_B.pdb}; {@code affinities.csv} (target, compound_id = the folder name, the demo's measured values); and a
 * given split {@code split.csv} whose header names the id column {@code id}.
 *
 * <p>Ligand {@value #UNLABELLED_LIGAND} has no label for target B (it is in the split file all the same): an
 * unlabelled compound a manual split may name.
 */
public final class GninaLayout {

    /** The ligand whose target-B compound has no label. */
    public static final int UNLABELLED_LIGAND = 2;

    private GninaLayout() {}

    /** What was written. */
    public record Layout(Path root, Path receptorA, Path receptorB, Path affinities, Path split) {}

    /**
     * Writes {@code ligands} ligands with {@code poses} poses per target into {@code root}. The split puts ligands
     * 1..{@code ligands}·0.6 in train, the next fifth in val and the rest in test, for both targets.
     */
    public static Layout write(Path root, int ligands, int poses) {
        try {
            Files.createDirectories(root);
            Map<String, Path> demos = new LinkedHashMap<>();
            demos.put("A", root.resolve(".demo-A"));
            demos.put("B", root.resolve(".demo-B"));
            long seed = 101;
            StringBuilder labels = new StringBuilder("target,compound_id,measure,value,unit,qualifier\n");
            for (Map.Entry<String, Path> d : demos.entrySet()) {
                DemoDataset.generate(d.getValue(), new DemoDataset.Options(ligands, poses, 4 * poses, seed++));
                List<List<String>> records = records(d.getValue().resolve("poses.sdf"));
                int perLigand = poses;
                for (int i = 0; i < ligands; i++) {
                    List<List<String>> mine = new ArrayList<>(records.subList(i * perLigand, (i + 1) * perLigand));
                    mine.sort((a, b) -> Integer.compare(tag(a, "pose_rank"), tag(b, "pose_rank")));
                    StringBuilder sdf = new StringBuilder();
                    for (List<String> r : mine) {
                        sdf.append(gnina(r));
                    }
                    Path file = root.resolve("ligand_" + (i + 1)).resolve("docked_" + d.getKey() + ".sdf");
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, sdf, StandardCharsets.UTF_8);
                }
                List<String> rows = Files.readAllLines(d.getValue().resolve("affinities.csv"));
                for (int r = 1; r < rows.size(); r++) {
                    String[] f = rows.get(r).split(",");
                    int i = Integer.parseInt(f[0].substring("demo_".length()));
                    if (d.getKey().equals("B") && i == UNLABELLED_LIGAND) {
                        continue;
                    }
                    labels.append(d.getKey()).append(",ligand_").append(i).append(',').append(f[1]).append(',')
                            .append(f[2]).append(',').append(f[3]).append(',').append(f[4]).append('\n');
                }
                Files.copy(d.getValue().resolve("receptor.pdb"), root.resolve("rec_" + d.getKey() + ".pdb"));
            }
            Path affinities = root.resolve("affinities.csv");
            Files.writeString(affinities, labels, StandardCharsets.UTF_8);
            StringBuilder split = new StringBuilder("target,id,split\n");
            int train = (int) Math.round(ligands * 0.6);
            int val = (int) Math.round(ligands * 0.2);
            for (String t : demos.keySet()) {
                for (int i = 1; i <= ligands; i++) {
                    split.append(t).append(",ligand_").append(i).append(',')
                            .append(i <= train ? "train" : i <= train + val ? "val" : "test").append('\n');
                }
            }
            Path splitFile = root.resolve("split.csv");
            Files.writeString(splitFile, split, StandardCharsets.UTF_8);
            for (Path d : demos.values()) {
                for (String f : List.of("poses.sdf", "affinities.csv", "receptor.pdb", "planted.csv")) {
                    Files.deleteIfExists(d.resolve(f));
                }
                Files.deleteIfExists(d);
            }
            return new Layout(root, root.resolve("rec_A.pdb"), root.resolve("rec_B.pdb"), affinities, splitFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SD records of a file, each as its lines without the closing $$$$. */
    private static List<List<String>> records(Path sdf) throws IOException {
        List<List<String>> out = new ArrayList<>();
        List<String> cur = new ArrayList<>();
        for (String line : Files.readAllLines(sdf, StandardCharsets.UTF_8)) {
            if (line.equals("$$$$")) {
                out.add(cur);
                cur = new ArrayList<>();
            } else {
                cur.add(line);
            }
        }
        return out;
    }

    private static int tag(List<String> record, String name) {
        for (int i = 0; i < record.size() - 1; i++) {
            if (record.get(i).equals("> <" + name + ">")) {
                return Integer.parseInt(record.get(i + 1).trim());
            }
        }
        throw new IllegalStateException("no tag " + name);
    }

    /** A record as gnina writes it: blank title, minimizedAffinity instead of the demo's tags. */
    private static String gnina(List<String> record) {
        StringBuilder b = new StringBuilder("\n"); // the blank title line
        int end = record.indexOf("M  END");
        for (int i = 1; i <= end; i++) {
            b.append(record.get(i)).append('\n');
        }
        for (int i = end + 1; i < record.size() - 1; i++) {
            if (record.get(i).equals("> <dock_score>")) {
                b.append("> <minimizedAffinity>\n").append(record.get(i + 1)).append("\n\n");
            }
        }
        return b.append("$$$$\n").toString();
    }
}
