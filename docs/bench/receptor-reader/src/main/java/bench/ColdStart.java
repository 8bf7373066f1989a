package bench;
import java.nio.file.*;
import org.multipose.structure.*;
/** One read in a fresh JVM: args[0] = "ours" or "biojava", args[1] = file. Prints ms. */
public class ColdStart {
  public static void main(String[] a) throws Exception {
    Path p = Path.of(a[1]);
    long t0 = System.nanoTime();
    int n;
    if (a[0].equals("ours")) n = PdbReceptorReader.read(p, new ReceptorOptions(true, true, true)).receptor().atomCount();
    else n = CompareReaders.bio(p).size();
    System.out.printf("%s %d atoms %.1f ms%n", a[0], n, (System.nanoTime() - t0) / 1e6);
  }
}
