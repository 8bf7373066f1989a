package org.multipose.config;

import java.util.Locale;
import java.util.Objects;

/**
 * The order in which a compound's poses count as "first" for {@link PoseSelection#top()}. YAML spelling:
 * {@code pose_index} (the dataset's pose index: the pose-index SD tag when prepare found one, else the rank in the
 * file — the docking rank either way), {@code file} (source file, then record order, whatever the index), or the
 * name of a pose score (an SD tag kept by prepare, e.g. {@code minimizedAffinity}), lowest first, optionally
 * followed by {@code desc} for highest first ({@code CNNscore desc}).
 *
 * @param kind       what orders the poses
 * @param tag        the score's name for {@link Kind#SCORE}, else empty
 * @param descending for a score: highest first
 */
public record PoseRank(Kind kind, String tag, boolean descending) {

    /** What orders the poses. */
    public enum Kind { POSE_INDEX, FILE, SCORE }

    /** The default: by pose index. */
    public static final PoseRank POSE_INDEX = new PoseRank(Kind.POSE_INDEX, "", false);

    public PoseRank {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(tag, "tag");
        if ((kind == Kind.SCORE) == tag.isEmpty()) {
            throw new IllegalArgumentException(kind == Kind.SCORE ? "a score rank needs the score's name"
                    : "only a score rank carries a name");
        }
        if (descending && kind != Kind.SCORE) {
            throw new IllegalArgumentException("only a score rank can be descending");
        }
    }

    /** Parses the YAML spelling (see the type's Javadoc); the exception's message names the allowed forms. */
    public static PoseRank parse(String text) {
        String[] words = text.trim().split("\\s+");
        if (words.length == 1 && words[0].equals("pose_index")) {
            return POSE_INDEX;
        }
        if (words.length == 1 && words[0].equals("file")) {
            return new PoseRank(Kind.FILE, "", false);
        }
        boolean name = words.length >= 1 && words[0].matches("[A-Za-z_][A-Za-z0-9_.\\-]*");
        if (name && words.length == 1) {
            return new PoseRank(Kind.SCORE, words[0], false);
        }
        if (name && words.length == 2) {
            String order = words[1].toLowerCase(Locale.ROOT);
            if (order.equals("desc") || order.equals("asc")) {
                return new PoseRank(Kind.SCORE, words[0], order.equals("desc"));
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a pose order; " + allowed());
    }

    /** The allowed spellings, for messages and the config reference. */
    public static String allowed() {
        return "pose_index, file, or a score tag (lowest first; 'TAG desc' for highest first)";
    }

    @Override
    public String toString() {
        return switch (kind) {
            case POSE_INDEX -> "pose_index";
            case FILE -> "file";
            case SCORE -> tag + (descending ? " desc" : "");
        };
    }
}
