package org.multipose.spark;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.multipose.base.Reject;
import org.multipose.config.PoseFilter;
import org.multipose.config.PoseRank;
import org.multipose.config.PoseSelection;
import org.multipose.data.AffinityLabel;
import org.multipose.data.CompoundKey;
import org.multipose.data.Measure;
import org.multipose.data.Qualifier;

/**
 * The serializable forms of the core's values that Spark moves between the driver and the executors (the core's
 * records are not {@link Serializable}: its {@code Optional} fields could not be), with conversions both ways.
 */
final class Rows {

    private Rows() {}

    /** A compound key, ordered as {@link CompoundKey}: by target, then compound id. */
    record Key(String target, String compound) implements Serializable, Comparable<Key> {
        private static final long serialVersionUID = 1L;

        static Key of(CompoundKey k) {
            return new Key(k.target(), k.compoundId());
        }

        CompoundKey toKey() {
            return new CompoundKey(target, compound);
        }

        @Override
        public int compareTo(Key o) {
            int c = target.compareTo(o.target);
            return c != 0 ? c : compound.compareTo(o.compound);
        }
    }

    /** A {@link Reject}. */
    record RejectRow(String file, String record, String compound, String reason) implements Serializable {
        private static final long serialVersionUID = 1L;

        static RejectRow of(Reject r) {
            return new RejectRow(r.file(), r.record(), r.compound(), r.reason());
        }

        Reject toReject() {
            return new Reject(file, record, compound, reason);
        }
    }

    /** An {@link AffinityLabel}; sigma and date are null when absent. */
    record LabelRow(String target, String compound, String measure, double pk, String qualifier, Double sigma, int n,
            Long epochDay) implements Serializable {
        private static final long serialVersionUID = 1L;

        static LabelRow of(AffinityLabel l) {
            return new LabelRow(l.key().target(), l.key().compoundId(), l.measure().label(), l.pk(),
                    l.qualifier().symbol(), l.sigmaPk().isPresent() ? l.sigmaPk().getAsDouble() : null,
                    l.nMeasurements(), l.date().map(LocalDate::toEpochDay).orElse(null));
        }

        AffinityLabel toLabel() {
            return new AffinityLabel(new CompoundKey(target, compound), Measure.fromLabel(measure).orElseThrow(), pk,
                    Qualifier.fromSymbol(qualifier).orElseThrow(),
                    sigma == null ? OptionalDouble.empty() : OptionalDouble.of(sigma), n,
                    epochDay == null ? Optional.empty() : Optional.of(LocalDate.ofEpochDay(epochDay)));
        }
    }

    /** A {@link PoseSelection}, as the text its parts parse from. */
    record SelectionRow(Integer top, String rankBy, List<String> filters) implements Serializable {
        private static final long serialVersionUID = 1L;

        static SelectionRow of(PoseSelection s) {
            List<String> f = new ArrayList<>();
            s.filter().forEach(x -> f.add(x.toString()));
            return new SelectionRow(s.top().orElse(null), s.rankBy().toString(), f);
        }

        PoseSelection toSelection() {
            List<PoseFilter> f = new ArrayList<>();
            filters.forEach(x -> f.add(PoseFilter.parse(x)));
            return new PoseSelection(Optional.ofNullable(top), PoseRank.parse(rankBy), f);
        }
    }
}
