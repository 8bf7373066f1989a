package org.multipose.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RejectTest {

    @Test
    void csvRowQuotesOnlyWhenNeeded() {
        assertEquals("a.sdf,record 3,lig1,no atoms", new Reject("a.sdf", "record 3", "lig1", "no atoms").toCsvRow());
        assertEquals("a.sdf,,\"x,y\",\"bad \"\"q\"\"\"",
                new Reject("a.sdf", "", "x,y", "bad \"q\"").toCsvRow());
    }

    @Test
    void nullsAreRefused() {
        assertThrows(NullPointerException.class, () -> new Reject(null, "", "", ""));
    }
}
