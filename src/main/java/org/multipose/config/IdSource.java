package org.multipose.config;

/**
 * Where a pose's compound id comes from when preparing a dataset. YAML spelling: {@code title} (the molecule's
 * title line), {@code tag:NAME} (the SD tag NAME), {@code file} (the file name without extension) or
 * {@code folder} (the name of the folder holding the file).
 *
 * @param kind where to read the id
 * @param tag  the SD tag name for {@link Kind#TAG}, else empty
 */
public record IdSource(Kind kind, String tag) {

    /** Where to read the id. */
    public enum Kind { TITLE, TAG, FILE, FOLDER }

    public IdSource {
        if (kind == null || tag == null) {
            throw new NullPointerException("kind and tag must not be null");
        }
        if ((kind == Kind.TAG) == tag.isEmpty()) {
            throw new IllegalArgumentException(kind == Kind.TAG ? "tag: needs a tag name, e.g. tag:compound_id"
                    : "only tag:NAME carries a name");
        }
    }

    /** The molecule's title line. */
    public static final IdSource TITLE = new IdSource(Kind.TITLE, "");

    /** Parses the YAML spelling (see the type's Javadoc). */
    public static IdSource parse(String text) {
        String s = text.trim();
        switch (s) {
            case "title":
                return TITLE;
            case "file":
                return new IdSource(Kind.FILE, "");
            case "folder":
                return new IdSource(Kind.FOLDER, "");
            default:
                if (s.startsWith("tag:") && s.length() > 4) {
                    return new IdSource(Kind.TAG, s.substring(4));
                }
                throw new IllegalArgumentException("'" + text + "' is not one of " + allowed());
        }
    }

    /** The allowed spellings, for messages and the config reference. */
    public static String allowed() {
        return "title, tag:NAME, file, folder";
    }

    @Override
    public String toString() {
        return kind == Kind.TAG ? "tag:" + tag : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
