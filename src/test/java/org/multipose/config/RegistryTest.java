package org.multipose.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Built-in entries, run-time registrations that end when closed, and the names a lookup accepts. */
class RegistryTest {

    @Test
    void builtInsThenRegistrationsUntilClosed() {
        Registry<String> r = new Registry<String>("thing").with("a", "A").with("b", "B");
        assertEquals(List.of("a", "b"), r.names());
        assertEquals(Optional.of("B"), r.find(" B "));
        try (Registry.Registration added = r.register("c", "C")) {
            assertEquals(List.of("a", "b", "c"), r.names());
            assertEquals(Optional.of("C"), r.find("c"));
        }
        assertEquals(List.of("a", "b"), r.names());
        assertEquals(Optional.empty(), r.find("c"));
    }

    @Test
    void takenOrBadNamesAreRefused() {
        Registry<String> r = new Registry<String>("thing").with("a", "A");
        assertEquals("thing 'a' is already registered",
                assertThrows(IllegalArgumentException.class, () -> r.register("a", "again")).getMessage());
        assertEquals("thing name 'Big' must be lower case, without spaces",
                assertThrows(IllegalArgumentException.class, () -> r.register("Big", "B")).getMessage());
        assertEquals(List.of("a"), r.names());
    }
}
