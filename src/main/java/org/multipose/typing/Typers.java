package org.multipose.typing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.multipose.base.InputException;
import org.multipose.config.Registry;

/**
 * The atom typers by name: the one lookup behind {@code prepare --typer}, {@code grid --typer}, {@code predict} and the
 * typing a trained model records. A typer's name is the one its {@link TypingSpec#typer()} records in datasets and
 * checkpoints. Adding a typer: its class (an {@link AtomTyper}) plus one {@code .with(...)} line in {@link #REGISTRY}.
 */
public final class Typers {

    /**
     * A typer's registry entry.
     *
     * @param description shown after the name in messages, e.g. "28 XS channels" ("" for none)
     * @param make        the typer with its default settings (what {@code --typer NAME} uses)
     * @param variants    other settings of the same typer a recorded typing may have been made with (e.g. gnina's
     *                    per-channel radii); a model's typing is matched against {@code make} first, then these
     */
    public record Entry(String description, Supplier<AtomTyper> make, List<Supplier<AtomTyper>> variants) {
        public Entry {
            variants = List.copyOf(variants);
        }

        /** An entry without variants. */
        public Entry(String description, Supplier<AtomTyper> make) {
            this(description, make, List.of());
        }
    }

    /** The typers; one line per typer. */
    public static final Registry<Entry> REGISTRY = new Registry<Entry>("typer")
            .with("gnina", new Entry("28 XS channels", AtomTyper::gninaDefault, List.of(() -> new GninaTyper(
                    ChannelMap.gninaReceptor(), ChannelMap.gninaLigand(), RadiusMode.CHANNEL))))
            .with("element", new Entry("", ElementTyper::defaults));

    private Typers() {
    }

    /**
     * The typer {@code name} names, with its default settings.
     *
     * @param option the option or key that gave the name, for the message (e.g. "--typer")
     * @throws InputException for an unknown name, listing the known ones
     */
    public static AtomTyper create(String name, String option) {
        return REGISTRY.find(name).orElseThrow(() -> new InputException(option + " " + name + ": use " + choices()))
                .make().get();
    }

    /** The typers that may have made a typing recorded under {@code name}: the default first; empty if unknown. */
    public static List<AtomTyper> candidates(String name) {
        List<AtomTyper> out = new ArrayList<>();
        REGISTRY.find(name).ifPresent(e -> {
            out.add(e.make().get());
            e.variants().forEach(v -> out.add(v.get()));
        });
        return out;
    }

    /** The known names with their descriptions: "gnina (28 XS channels) or element". */
    public static String choices() {
        List<String> parts = new ArrayList<>();
        for (String n : REGISTRY.names()) {
            String d = REGISTRY.find(n).orElseThrow().description();
            parts.add(d.isEmpty() ? n : n + " (" + d + ")");
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " or " + parts.get(parts.size() - 1);
    }
}
