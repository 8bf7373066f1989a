package org.multipose.structure;

import java.util.List;
import java.util.Objects;
import org.multipose.base.Reject;

/**
 * A receptor as read, with what was left out: the atom lines rejected (each naming its line and the reason) and
 * counts of the atoms dropped on purpose.
 *
 * @param receptor           the atoms kept
 * @param rejects            malformed atom lines, skipped (unmodifiable)
 * @param watersDropped      water atoms left out
 * @param hydrogensDropped   hydrogen atoms left out (when hydrogens are not kept)
 * @param altlocsDropped     atoms of a second or later alternate location
 * @param heteroDropped      HETATM atoms left out (when hetero groups are not kept)
 * @param laterModelsSkipped atoms in MODEL 2 and later (only the first model is read)
 */
public record ReceptorRead(Receptor receptor, List<Reject> rejects, int watersDropped, int hydrogensDropped,
        int altlocsDropped, int heteroDropped, int laterModelsSkipped) {

    public ReceptorRead {
        Objects.requireNonNull(receptor, "receptor");
        rejects = List.copyOf(rejects);
    }

    /** One line for logs: "4640 atoms kept; dropped 18 water, 0 altloc ...". */
    public String summary() {
        return receptor.atomCount() + " atoms kept (" + receptor.heavyAtomCount() + " heavy); left out "
                + watersDropped + " water, " + hydrogensDropped + " hydrogen, " + altlocsDropped + " altloc, "
                + heteroDropped + " hetero, " + laterModelsSkipped + " later-model atoms; " + rejects.size()
                + " bad line(s)";
    }
}
