package org.multipose.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The named implementations of one extension point (atom typers, loss terms, combinations), looked up in one place.
 * The built-in ones are added in one line each where the registry is declared ({@link #with}); others can be
 * registered at run time ({@link #register}, e.g. by a test), until the returned handle is closed. Names are lower
 * case; a lookup trims and lower-cases the name it is given. docs/extending.md lists the registries.
 *
 * @param <T> what an entry holds (usually a factory)
 */
public final class Registry<T> {

    private final String what;
    private final Map<String, T> entries = new LinkedHashMap<>();

    /** @param what names the extension point in messages, e.g. "typer" */
    public Registry(String what) {
        this.what = Objects.requireNonNull(what, "what");
    }

    /** Adds a built-in entry and returns this registry, for one line per entry. */
    public Registry<T> with(String name, T entry) {
        add(name, entry);
        return this;
    }

    /**
     * Adds {@code entry} under {@code name} until the handle is closed.
     *
     * @throws IllegalArgumentException when the name is taken or not lower case
     */
    public Registration register(String name, T entry) {
        add(name, entry);
        return () -> {
            synchronized (entries) {
                entries.remove(name);
            }
        };
    }

    private void add(String name, T entry) {
        Objects.requireNonNull(entry, "entry");
        if (name.isBlank() || !name.equals(name.trim().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(what + " name '" + name + "' must be lower case, without spaces");
        }
        synchronized (entries) {
            if (entries.putIfAbsent(name, entry) != null) {
                throw new IllegalArgumentException(what + " '" + name + "' is already registered");
            }
        }
    }

    /** The entry of {@code name} (trimmed, lower-cased), if any. */
    public Optional<T> find(String name) {
        synchronized (entries) {
            return Optional.ofNullable(entries.get(name.trim().toLowerCase(Locale.ROOT)));
        }
    }

    /** The registered names, built-in ones first, in the order they were added. */
    public List<String> names() {
        synchronized (entries) {
            return List.copyOf(new ArrayList<>(entries.keySet()));
        }
    }

    /** The names as a choice for a message, e.g. "mean, max or boltzmann". */
    public String choices() {
        List<String> n = names();
        return n.size() == 1 ? n.get(0) : String.join(", ", n.subList(0, n.size() - 1)) + " or " + n.get(n.size() - 1);
    }

    /** What this registry holds, as named in messages (e.g. "typer"). */
    public String what() {
        return what;
    }

    /** Removes a run-time registration when closed. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
