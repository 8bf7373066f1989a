package org.multipose.data;

import java.util.Locale;
import java.util.Optional;

/** The three parts of a split by compound. Written in split files as train, val, test. */
public enum Split {
    TRAIN,
    VAL,
    TEST;

    /** "train", "val" or "test". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #label()} (case-insensitive, surrounding spaces ignored). */
    public static Optional<Split> parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "train" -> Optional.of(TRAIN);
            case "val" -> Optional.of(VAL);
            case "test" -> Optional.of(TEST);
            default -> Optional.empty();
        };
    }
}
