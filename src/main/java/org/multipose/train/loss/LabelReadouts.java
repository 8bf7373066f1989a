package org.multipose.train.loss;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.multipose.base.InputException;
import org.multipose.combination.KcalPerMolReadout;
import org.multipose.combination.PIC50Readout;
import org.multipose.combination.PKReadout;
import org.multipose.combination.Readout;
import org.multipose.config.ChengPrusoff;
import org.multipose.config.ReadoutConfig;
import org.multipose.data.AffinityLabel;
import org.multipose.data.PoseRecord;

/**
 * Chooses each label's readout (MATH.md §3) and puts the label on that readout's scale.
 *
 * <p>{@code readout.kind}:
 * <ul>
 *   <li>{@code auto}: by the label's measure — IC50 → pIC50, with Cheng–Prusoff when {@code readout.cheng_prusoff}
 *       has constants for the compound's target (IC50 ≈ Ki otherwise); Ki, Kd and ΔG → pK;</li>
 *   <li>{@code pk}, {@code pic50} (Cheng–Prusoff as above), {@code kcal_mol}: that readout for every label.</li>
 * </ul>
 * Labels are stored as pK (data package); on a pK or pIC50 scale the target is the stored pK with its qualifier and
 * σ. On the kcal/mol scale it is ΔG = −pK·R·T·ln 10 with the qualifier flipped (ΔG decreases as pK grows) and σ
 * scaled by R·T·ln 10.
 */
public final class LabelReadouts {

    private final ReadoutConfig config;

    public LabelReadouts(ReadoutConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The readout of {@code label}. */
    public Readout readout(AffinityLabel label) {
        return switch (config.kind()) {
            case PK -> new PKReadout();
            case PIC50 -> pic50(label.key().target());
            case KCAL_MOL -> new KcalPerMolReadout(config.temperature());
            case AUTO -> label.measure() == org.multipose.data.Measure.IC50 ? pic50(label.key().target())
                    : new PKReadout();
        };
    }

    private PIC50Readout pic50(String target) {
        ChengPrusoff cp = config.chengPrusoff().get(target);
        return cp == null ? PIC50Readout.withoutChengPrusoff() : PIC50Readout.chengPrusoff(cp.substrate(), cp.km());
    }

    /**
     * The label on {@code readout}'s scale, with pose RMSDs from the score {@code rmsdTag} when given (empty when
     * not).
     *
     * @throws InputException when {@code rmsdTag} is given and a pose lacks it
     */
    public CompoundTarget target(AffinityLabel label, Readout readout, List<PoseRecord> poses,
            Optional<String> rmsdTag) {
        double[] rmsd = new double[0];
        if (rmsdTag.isPresent()) {
            rmsd = new double[poses.size()];
            for (int i = 0; i < rmsd.length; i++) {
                Double r = poses.get(i).scores().get(rmsdTag.get());
                if (r == null) {
                    PoseRecord p = poses.get(i);
                    throw new InputException("pose " + p.poseIndex() + " of " + p.key() + " (" + p.sourceFile()
                            + ", record " + p.sourceRecord() + ") has no score '" + rmsdTag.get()
                            + "'; the pose losses need an RMSD per pose (loss[].rmsd_tag)");
                }
                rmsd[i] = r;
            }
        }
        if (readout instanceof KcalPerMolReadout kcal) {
            double perPk = kcal.kcalPerKT() * Math.log(10);
            OptionalDouble sigma = label.sigmaPk().isPresent()
                    ? OptionalDouble.of(label.sigmaPk().getAsDouble() * perPk) : OptionalDouble.empty();
            return new CompoundTarget(-label.pk() * perPk, label.qualifier().flipped(), sigma, rmsd);
        }
        return new CompoundTarget(label.pk(), label.qualifier(), label.sigmaPk(), rmsd);
    }

    /** The label's value back in pK from a prediction on {@code readout}'s scale (for metrics in pK units). */
    public static double toPk(double value, Readout readout) {
        if (readout instanceof KcalPerMolReadout kcal) {
            return -value / (kcal.kcalPerKT() * Math.log(10));
        }
        return value;
    }
}
