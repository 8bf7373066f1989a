package org.multipose.config;

/**
 * A config value that breaks a rule involving more than one key (e.g. split fractions that do not sum to 1),
 * thrown by a config record's constructor. {@link #key()} is the YAML name of the offending key within the record
 * (empty for the record as a whole); the loader turns it into an {@link InputException} naming file, line and key
 * path.
 */
public class ConfigProblem extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final String problem;

    public ConfigProblem(String key, String problem) {
        super(key.isEmpty() ? problem : key + ": " + problem);
        this.key = key;
        this.problem = problem;
    }

    /** The offending key's YAML name within its record, or empty for the record as a whole. */
    public String key() {
        return key;
    }

    /** What is wrong and how to fix it, without the key. */
    public String problem() {
        return problem;
    }
}
