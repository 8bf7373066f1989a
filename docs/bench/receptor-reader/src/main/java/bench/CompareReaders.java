package bench;

import java.nio.file.*;
import java.util.*;
import org.biojava.nbio.structure.*;
import org.biojava.nbio.structure.io.*;
import org.multipose.cli.bench.Timing;
import org.multipose.structure.*;

/**
 * Receptor reader comparison: multipose's fixed-column PdbReceptorReader vs BioJava 7.2.4 PDBFileReader, on every
 * protein.pdb under the given folder. Correctness: same atoms (count, coordinates to 1e-3 Å, element) with waters,
 * hydrogens and HETATM groups kept on both sides. Speed: interleaved medians against reading the file's bytes.
 */
public class CompareReaders {
  static List<double[]> bio(Path p) throws Exception {
    PDBFileReader r = new PDBFileReader();
    FileParsingParameters fp = new FileParsingParameters();
    fp.setAlignSeqRes(false);
    fp.setParseSecStruc(false);
    fp.setCreateAtomBonds(false);
    r.setFileParsingParameters(fp);
    Structure s = r.getStructure(p.toFile());
    List<double[]> out = new ArrayList<>();
    for (Chain c : s.getChains(0)) {
      for (Group g : c.getAtomGroups()) {
        for (Atom a : g.getAtoms()) {
          out.add(new double[]{a.getX(), a.getY(), a.getZ(), a.getElement().getAtomicNumber()});
        }
      }
    }
    return out;
  }

  public static void main(String[] args) throws Exception {
    List<Path> files = new ArrayList<>();
    try (var w = Files.walk(Path.of(args[0]))) { w.filter(p -> p.getFileName().toString().equals("protein.pdb")).sorted().forEach(files::add); }
    ReceptorOptions all = new ReceptorOptions(true, true, true);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    double sumOurs = 0, sumBio = 0, sumFloor = 0;
    System.out.printf("%-10s %7s %7s %6s %10s %10s %10s %8s%n", "target", "atoms", "biojava", "same", "ours ms", "biojava ms", "bytes ms", "bio/ours");
    for (Path p : files) {
      ReceptorRead ours = PdbReceptorReader.read(p, all);
      List<double[]> b = bio(p);
      Receptor r = ours.receptor();
      boolean same = b.size() == r.atomCount();
      // BioJava orders atoms by chain then group; compare as multisets of (x,y,z,Z) rounded to 1e-3
      if (same) {
        List<String> k1 = new ArrayList<>(), k2 = new ArrayList<>();
        for (int i = 0; i < r.atomCount(); i++) k1.add(String.format("%.3f %.3f %.3f %d", r.coords()[3*i], r.coords()[3*i+1], r.coords()[3*i+2], r.atomicNumbers()[i]));
        for (double[] a : b) k2.add(String.format("%.3f %.3f %.3f %d", a[0], a[1], a[2], (int) a[3]));
        Collections.sort(k1); Collections.sort(k2);
        same = k1.equals(k2);
      }
      Timing tOurs = Timing.interleaved(() -> PdbReceptorReader.read(p, all), () -> { try { Files.readAllBytes(p); } catch (Exception e) { throw new RuntimeException(e); } }, 3, runs, 1);
      Timing tBio = Timing.interleaved(() -> { try { bio(p); } catch (Exception e) { throw new RuntimeException(e); } }, () -> PdbReceptorReader.read(p, all), 3, runs, 1);
      String target = p.getParent().getParent().getParent().getFileName().toString();
      System.out.printf("%-10s %7d %7d %6s %10.2f %10.2f %10.3f %8.1f%n", target, r.atomCount(), b.size(), same, tOurs.subjectMedian()/1e6, tBio.subjectMedian()/1e6, tOurs.floorMedian()/1e6, tBio.ratio());
      sumOurs += tOurs.subjectMedian(); sumBio += tBio.subjectMedian(); sumFloor += tOurs.floorMedian();
    }
    System.out.printf("total: ours %.1f ms, biojava %.1f ms, bytes %.1f ms; biojava/ours %.1fx, ours/bytes %.1fx%n", sumOurs/1e6, sumBio/1e6, sumFloor/1e6, sumBio/sumOurs, sumOurs/sumFloor);
    // a malformed coordinate on one line: what does each reader do?
    Path bad = Files.createTempFile("bad", ".pdb");
    Files.writeString(bad, String.join("\n",
        "ATOM      1  N   ALA A   1      11.104   6.134  -6.504  1.00  0.00           N",
        "ATOM      2  CA  ALA A   1      1x.639   6.071  -5.147  1.00  0.00           C",
        "ATOM      3  C   ALA A   1      12.456   4.658  -4.646  1.00  0.00           C", ""));
    ReceptorRead oursBad = PdbReceptorReader.read(bad, all);
    System.out.println("malformed line, ours: " + oursBad.receptor().atomCount() + " atoms, " + oursBad.rejects());
    try {
      System.out.println("malformed line, biojava: " + bio(bad).size() + " atoms");
    } catch (Exception e) {
      System.out.println("malformed line, biojava: throws " + e);
    }
    Files.delete(bad);
  }
}
