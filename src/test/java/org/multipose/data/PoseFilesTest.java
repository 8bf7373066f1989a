package org.multipose.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.base.InputException;
import org.multipose.base.Reject;

/** Expanding poses patterns over a tree built here (file contents do not matter for listing). */
class PoseFilesTest {

    @TempDir
    Path tmp;

    @BeforeEach
    void tree() throws IOException {
        for (String f : List.of("data/tyk2/poses/a.sdf", "data/tyk2/poses/b.sdf.gz", "data/tyk2/poses/notes.txt",
                "data/tyk2/protein.pdb", "data/p38/poses/c.mol2", "data/p38/poses/deep/d.sdf",
                "data/p38/protein.pdb", "flat/x.sdf", "flat/y.sd", "flat/sub/z.mol",
                // gnina's layout: one folder per ligand, one file per target
                "gnina/ligand_1/docked_A.sdf", "gnina/ligand_1/docked_B.sdf", "gnina/ligand_2/docked_A.sdf",
                "gnina/ligand_2/docked_B.sdf.gz", "gnina/ligand_2/rec_A.pdb", "gnina/ligand_10/docked_B.sdf")) {
            Path p = tmp.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "x");
        }
    }

    private List<String> rel(PoseFiles pf) {
        List<String> out = new ArrayList<>();
        for (PoseFiles.PoseFile f : pf.files()) {
            out.add(tmp.relativize(f.path()) + (f.target().isEmpty() ? "" : " @" + f.target())
                    + (f.id().isEmpty() ? "" : " #" + f.id()));
        }
        return out;
    }

    @Test
    void aDirectoryTakesEveryPoseFileBelowItRecursively() {
        PoseFiles pf = PoseFiles.expand(tmp.resolve("flat").toString());
        assertEquals(List.of("flat/sub/z.mol", "flat/x.sdf", "flat/y.sd"), rel(pf));
        assertEquals(List.of(), pf.rejects());
        assertEquals(3, pf.totalBytes());
    }

    @Test
    void aSingleFile() {
        assertEquals(List.of("flat/x.sdf"), rel(PoseFiles.expand(tmp.resolve("flat/x.sdf").toString())));
    }

    @Test
    void theTargetSegmentNamesEachFilesTarget() {
        PoseFiles pf = PoseFiles.expand(tmp + "/data/{target}/poses/*.sdf*");
        assertEquals(List.of("data/tyk2/poses/a.sdf @tyk2", "data/tyk2/poses/b.sdf.gz @tyk2"), rel(pf));
        assertEquals(List.of("tyk2"), pf.targets());
        assertTrue(pf.hasTargetPlaceholder());
    }

    @Test
    void theTargetPlaceholderMayBePartOfAFileName() {
        // gnina writes ligand_N/docked_TARGET.sdf: {target} inside the file name, the ligand in the folder
        PoseFiles pf = PoseFiles.expand(tmp + "/gnina/ligand_*/docked_{target}.sdf*");
        assertEquals(List.of("gnina/ligand_1/docked_A.sdf @A", "gnina/ligand_1/docked_B.sdf @B",
                "gnina/ligand_10/docked_B.sdf @B", "gnina/ligand_2/docked_A.sdf @A",
                "gnina/ligand_2/docked_B.sdf.gz @B"), rel(pf));
        assertEquals(List.of("A", "B"), pf.targets());
        assertEquals(List.of(), pf.rejects(), "rec_A.pdb does not match docked_{target}.sdf*");
    }

    @Test
    void theIdPlaceholderNamesEachFilesCompound() {
        PoseFiles pf = PoseFiles.expand(tmp + "/gnina/ligand_{id}/docked_{target}.sdf");
        assertEquals(List.of("gnina/ligand_1/docked_A.sdf @A #1", "gnina/ligand_1/docked_B.sdf @B #1",
                "gnina/ligand_10/docked_B.sdf @B #10", "gnina/ligand_2/docked_A.sdf @A #2"), rel(pf));
        // both in one name: the first placeholder takes as much as it can
        PoseFiles one = PoseFiles.expand(tmp + "/gnina/ligand_2/{id}_{target}.sdf.gz");
        assertEquals(List.of("gnina/ligand_2/docked_B.sdf.gz @B #docked"), rel(one));
        // a whole segment still works, and a placeholder in a matched directory names the files below it
        PoseFiles dirs = PoseFiles.expand(tmp + "/gnina/ligand_{id}");
        assertEquals(List.of("gnina/ligand_1/docked_A.sdf #1", "gnina/ligand_1/docked_B.sdf #1",
                "gnina/ligand_10/docked_B.sdf #10", "gnina/ligand_2/docked_A.sdf #2",
                "gnina/ligand_2/docked_B.sdf.gz #2"), rel(dirs));
    }

    @Test
    void aGlobMatchingDirectoriesTakesThePoseFilesBelowThem() {
        PoseFiles pf = PoseFiles.expand(tmp + "/data/{target}/poses");
        assertEquals(List.of("data/p38/poses/c.mol2 @p38", "data/p38/poses/deep/d.sdf @p38",
                "data/tyk2/poses/a.sdf @tyk2", "data/tyk2/poses/b.sdf.gz @tyk2"), rel(pf));
        assertEquals(List.of(), pf.rejects(), "notes.txt under a matched directory is passed over");
    }

    @Test
    void doubleStarCrossesFolders() {
        PoseFiles pf = PoseFiles.expand(tmp + "/data/{target}/**.sdf");
        assertEquals(List.of("data/p38/poses/deep/d.sdf @p38", "data/tyk2/poses/a.sdf @tyk2"), rel(pf));
    }

    @Test
    void aFileTheGlobNamesThatIsNoPoseFileIsRejected() {
        PoseFiles pf = PoseFiles.expand(tmp + "/data/tyk2/*/*");
        assertEquals(List.of("data/tyk2/poses/a.sdf", "data/tyk2/poses/b.sdf.gz"), rel(pf));
        assertEquals(List.of(new Reject(tmp + "/data/tyk2/poses/notes.txt", "", "", "not a pose file: the pattern"
                + " matched it but pose files are .sdf, .sd, .mol or .mol2 (optionally .gz); narrow the pattern")),
                pf.rejects());
    }

    @Test
    void patternProblemsAreOneLineInputErrors() {
        InputException none = assertThrows(InputException.class, () -> PoseFiles.expand(tmp + "/flat/*.mol2"));
        assertEquals("poses '" + tmp + "/flat/*.mol2' matched no pose files (.sdf, .sd, .mol, .mol2, optionally"
                + " .gz); check the pattern", none.getMessage());
        InputException twice = assertThrows(InputException.class,
                () -> PoseFiles.expand(tmp + "/data/{target}/{target}.sdf"));
        assertEquals("poses '" + tmp + "/data/{target}/{target}.sdf': {target} may appear once", twice.getMessage());
        InputException misspelt = assertThrows(InputException.class,
                () -> PoseFiles.expand(tmp + "/gnina/ligand_*/docked_{targets}.sdf"));
        assertEquals("poses '" + tmp + "/gnina/ligand_*/docked_{targets}.sdf': '{targets}' is not a placeholder;"
                + " write {target} (e.g. ligand_*/docked_{target}.sdf)", misspelt.getMessage());
        InputException glued = assertThrows(InputException.class,
                () -> PoseFiles.expand(tmp + "/gnina/*/{id}{target}.sdf"));
        assertTrue(glued.getMessage().contains("need a fixed character between them"), glued.getMessage());
        InputException deepId = assertThrows(InputException.class,
                () -> PoseFiles.expand(tmp + "/gnina/**/ligand_{id}/docked_A.sdf"));
        assertTrue(deepId.getMessage().contains("** before {id}"), deepId.getMessage());
        InputException base = assertThrows(InputException.class, () -> PoseFiles.expand(tmp + "/nope/*.sdf"));
        assertEquals("poses '" + tmp + "/nope/*.sdf': folder '" + tmp + "/nope' does not exist; check the pattern",
                base.getMessage());
        InputException missing = assertThrows(InputException.class, () -> PoseFiles.expand(tmp + "/nope.sdf"));
        assertTrue(missing.getMessage().endsWith("no such file or directory; check the path"), missing.getMessage());
        InputException ambiguous = assertThrows(InputException.class,
                () -> PoseFiles.expand(tmp + "/**/{target}/x.sdf"));
        assertTrue(ambiguous.getMessage().contains("** before {target}"), ambiguous.getMessage());
        InputException notPose = assertThrows(InputException.class,
                () -> PoseFiles.expand(tmp.resolve("data/p38/protein.pdb").toString()));
        assertTrue(notPose.getMessage().contains("is not a pose file"), notPose.getMessage());
    }
}
