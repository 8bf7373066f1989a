package org.multipose.config;

import java.util.List;
import java.util.Optional;

/**
 * A config value that breaks a rule involving more than one key (e.g. split fractions that do not sum to 1),
 * thrown by a config record's constructor. {@link #key()} is the YAML name of the offending key within the record
 * (empty for the record as a whole); the loader turns it into an {@link InputException} naming file, line and key
 * path.
 *
 * <p>A key that only applies to some values of another key of the record (its discriminator, e.g. {@code file} only
 * for {@code method: manual}) is reported with {@link #onlyFor}: the loader then knows which key decides, so an
 * override that changes the discriminator can drop the key instead of failing (see {@link ConfigLoader}).
 */
public class ConfigProblem extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final String problem;
    private final String discriminator;
    private final List<String> applicable;

    public ConfigProblem(String key, String problem) {
        this(key, problem, "", List.of());
    }

    private ConfigProblem(String key, String problem, String discriminator, List<String> applicable) {
        super(key.isEmpty() ? problem : key + ": " + problem);
        this.key = key;
        this.problem = problem;
        this.discriminator = discriminator;
        this.applicable = List.copyOf(applicable);
    }

    /**
     * {@code key} is given but only applies when {@code discriminator} is one of {@code applicable} (YAML
     * spellings), and it is {@code actual}: "only applies to method manual (method is random)".
     */
    public static ConfigProblem onlyFor(String key, String discriminator, List<String> applicable, String actual) {
        return new ConfigProblem(key, "only applies to " + discriminator + " " + String.join(", ", applicable)
                + " (" + discriminator + " is " + actual + ")", discriminator, applicable);
    }

    /** As {@link #onlyFor(String, String, List, String)}, followed by {@code fix}: "...; remove it or set ...". */
    public static ConfigProblem onlyFor(String key, String discriminator, List<String> applicable, String actual,
            String fix) {
        return new ConfigProblem(key, "only applies to " + discriminator + " " + String.join(", ", applicable)
                + " (" + discriminator + " is " + actual + "); " + fix, discriminator, applicable);
    }

    /** The offending key's YAML name within its record, or empty for the record as a whole. */
    public String key() {
        return key;
    }

    /** What is wrong and how to fix it, without the key. */
    public String problem() {
        return problem;
    }

    /** For a key of another variant: the key whose value decides whether it applies. */
    public Optional<String> discriminator() {
        return discriminator.isEmpty() ? Optional.empty() : Optional.of(discriminator);
    }

    /** For a key of another variant: the discriminator's values for which it applies. */
    public List<String> applicable() {
        return applicable;
    }
}
