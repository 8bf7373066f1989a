package org.multipose.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Seed derivation against an independent Python implementation (src/test/python/seeds_reference.py). */
class SeedsTest {

    @Test
    void deriveMatchesIndependentImplementation() {
        assertEquals(3662986852811730034L, Seeds.derive(0, "init"));
        assertEquals(-8275017350511843374L, Seeds.derive(42, "augment", 3, 17));
        assertEquals(-1451576742148222168L, Seeds.derive(42, "augment", 17, 3));
        assertEquals(6836551808782653779L, Seeds.derive(42, "shuffle", 3));
        assertEquals(-3030689126554045865L, Seeds.derive(-1, "ünïcode", -5));
    }

    @Test
    void randomIsSplittableRandomOfTheDerivedSeed() {
        // first nextLong() = mix(seed + φ), computed by the Python script
        assertEquals(-7221173975055575831L, Seeds.random(0, "init").nextLong());
        assertEquals(2023862217411135326L, Seeds.random(42, "augment", 3, 17).nextLong());
    }

    @Test
    void nearbyInputsGiveDistinctSeeds() {
        Set<Long> seen = new HashSet<>();
        for (long run = 0; run < 4; run++) {
            for (String purpose : new String[] {"init", "shuffle", "augment"}) {
                for (long epoch = 0; epoch < 10; epoch++) {
                    for (long compound = 0; compound < 50; compound++) {
                        seen.add(Seeds.derive(run, purpose, epoch, compound));
                    }
                }
            }
        }
        assertEquals(4 * 3 * 10 * 50, seen.size());
        // no index is not the same as index 0, and order matters
        assertNotEquals(Seeds.derive(1, "x"), Seeds.derive(1, "x", 0));
        assertNotEquals(Seeds.derive(1, "x", 1, 2), Seeds.derive(1, "x", 2, 1));
    }
}
