package org.multipose.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.multipose.config.GridSpec;
import org.multipose.model.GninaRegistry;
import org.multipose.model.PoseModel;
import org.multipose.structure.CompoundIdRule;
import org.multipose.structure.PdbReceptorReader;
import org.multipose.structure.ReceptorOptions;
import org.multipose.structure.SdfLigandReader;
import org.multipose.testsupport.SharedData;
import org.multipose.typing.AtomTyper;
import org.multipose.typing.TypedAtoms;

/**
 * What gnina itself printed ({@code gnina -r R -l L --score_only --cnn MODEL}) for three tiny complexes, 27 rows of
 * single models, 5-member ensembles and gnina's default ensemble, reproduced to an absolute 1e-4 in every column
 * (the file prints 5 decimals). Our whole path runs: the PDB and SD readers, gnina's typing of receptor and ligand,
 * the density grid at gnina's center, the networks from the {@code .pt} files and gnina's ensemble statistics.
 * Each distinct (member, complex) forward runs once; the rows combine them as {@link PoseScore} does.
 */
class GninaReferenceScoresTest {

    private static final double TOLERANCE = 1e-4;

    @Test
    void all27RowsOfGninasOwnScoresAreReproduced() throws IOException {
        Path base = SharedData.require().resolve("gnina-models");
        List<String> lines = Files.readAllLines(base.resolve("reference/gnina_scores.csv"));
        assertEquals("model,receptor,ligand,CNNscore,CNNaffinity,CNNvariance", lines.get(0));
        List<String[]> rows = new ArrayList<>();
        Set<String> complexes = new LinkedHashSet<>();
        Set<String> members = new LinkedHashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            rows.add(f);
            complexes.add(f[1] + "+" + f[2]);
            members.addAll(GninaRegistry.members(f[0]));
        }
        assertEquals(27, rows.size());
        // every member on every complex, once: member → complex → (y, score)
        AtomTyper typer = AtomTyper.gninaDefault();
        List<String> complexList = new ArrayList<>(complexes);
        List<TypedAtoms> receptors = new ArrayList<>();
        List<TypedAtoms> ligands = new ArrayList<>();
        List<double[]> centers = new ArrayList<>();
        for (String c : complexList) {
            String[] rl = c.split("\\+");
            receptors.add(typer.typeReceptor(PdbReceptorReader.read(base.resolve("reference/" + rl[0]),
                    ReceptorOptions.defaults()).receptor()));
            TypedAtoms lig = typer.typeLigand(SdfLigandReader.read(base.resolve("reference/" + rl[1]),
                    CompoundIdRule.fileName()).items().get(0));
            ligands.add(lig);
            centers.add(PoseBatchScorer.ligandCenter(lig));
        }
        GninaRegistry registry = new GninaRegistry(base.resolve("weights"));
        Map<String, PoseScore[]> byMember = new LinkedHashMap<>();
        for (String m : members) {
            List<PoseModel> model = registry.load(m);
            try (PoseBatchScorer scorer = new PoseBatchScorer(model, GridSpec.defaults(), 1, 1)) {
                PoseScore[] s = new PoseScore[complexList.size()];
                for (int c = 0; c < s.length; c++) {
                    s[c] = scorer.score(receptors.get(c), List.of(ligands.get(c)), List.of(centers.get(c))).get(0);
                }
                byMember.put(m, s);
            } finally {
                model.forEach(PoseModel::close);
            }
        }
        double[] maxError = new double[3];
        List<String> misses = new ArrayList<>();
        for (String[] f : rows) {
            int c = complexList.indexOf(f[1] + "+" + f[2]);
            List<String> names = GninaRegistry.members(f[0]);
            double[] y = new double[names.size()];
            double[] score = new double[names.size()];
            for (int k = 0; k < names.size(); k++) {
                PoseScore one = byMember.get(names.get(k))[c];
                y[k] = one.memberY()[0];
                score[k] = one.memberScore()[0];
            }
            PoseScore p = new PoseScore(y, score);
            double[] got = {p.score().getAsDouble(), p.affinity(), p.affinityVariance()};
            for (int col = 0; col < 3; col++) {
                if (f[3 + col].isEmpty()) {
                    assertEquals(1, names.size(), "only single models print no variance");
                    continue;
                }
                double err = Math.abs(got[col] - Double.parseDouble(f[3 + col]));
                maxError[col] = Math.max(maxError[col], err);
                if (!(err <= TOLERANCE)) {
                    misses.add(String.join(",", f) + " column " + (3 + col) + ": got " + got[col]);
                }
            }
        }
        System.out.printf(Locale.ROOT, "gnina reference scores: 27 rows, max abs error CNNscore %.2e, CNNaffinity"
                + " %.2e, CNNvariance %.2e%n", maxError[0], maxError[1], maxError[2]);
        assertTrue(misses.isEmpty(), "rows off by more than " + TOLERANCE + ": " + misses);
    }
}
