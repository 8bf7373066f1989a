package org.multipose.structure;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.multipose.base.InputException;

/**
 * Where a ligand record's compound id comes from. Docking tools disagree: some keep the ligand name in the title,
 * some leave the title blank and write one file per ligand, or one folder per ligand ({@code lig7/out.sdf}).
 *
 * @param source where to look
 * @param tag    the SD tag name when {@code source} is {@link Source#TAG}, the id itself when it is
 *               {@link Source#GIVEN}, else empty
 */
public record CompoundIdRule(Source source, String tag) {

    /** The places a compound id can come from. */
    public enum Source {
        /** The record's title (SDF first line, MOL2 molecule name). */
        TITLE,
        /** An SD data item, e.g. {@code <ID>}. */
        TAG,
        /** The file name without its extensions ({@code lig7.sdf.gz} → {@code lig7}). */
        FILE_NAME,
        /** The name of the folder holding the file ({@code lig7/out.sdf} → {@code lig7}). */
        PARENT_FOLDER,
        /** One id for every record of the file, known from elsewhere (an {@code {id}} placeholder of its path). */
        GIVEN
    }

    public CompoundIdRule {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(tag, "tag");
        if (source == Source.TAG && tag.isBlank()) {
            throw new InputException("compound id rule 'tag' needs a tag name, e.g. tag:ID");
        }
        if (source == Source.GIVEN && tag.isBlank()) {
            throw new IllegalArgumentException("a given compound id must not be blank");
        }
        if (source != Source.TAG && source != Source.GIVEN && !tag.isEmpty()) {
            throw new IllegalArgumentException("a tag name only goes with Source.TAG");
        }
    }

    /** The record title. */
    public static CompoundIdRule title() {
        return new CompoundIdRule(Source.TITLE, "");
    }

    /** An SD tag. */
    public static CompoundIdRule tag(String name) {
        return new CompoundIdRule(Source.TAG, name);
    }

    /** The file name without extensions. */
    public static CompoundIdRule fileName() {
        return new CompoundIdRule(Source.FILE_NAME, "");
    }

    /** The parent folder's name. */
    public static CompoundIdRule parentFolder() {
        return new CompoundIdRule(Source.PARENT_FOLDER, "");
    }

    /** The same id for every record (e.g. the text a path's {@code {id}} placeholder matched). */
    public static CompoundIdRule given(String id) {
        return new CompoundIdRule(Source.GIVEN, id);
    }

    /**
     * Parses the config / command-line spelling: {@code title}, {@code tag:NAME}, {@code file}, {@code folder}.
     *
     * @throws InputException naming the accepted spellings
     */
    public static CompoundIdRule parse(String text) {
        String t = text.trim();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.equals("title")) {
            return title();
        }
        if (lower.equals("file") || lower.equals("file_name") || lower.equals("filename")) {
            return fileName();
        }
        if (lower.equals("folder") || lower.equals("parent_folder") || lower.equals("dir")) {
            return parentFolder();
        }
        if (lower.startsWith("tag:") && t.length() > 4) {
            return tag(t.substring(4).trim());
        }
        throw new InputException("compound id rule '" + text + "' is not one of: title, tag:NAME, file, folder");
    }

    /**
     * The compound id of one record, or empty when this rule finds none (blank title, missing tag).
     *
     * @param file       the record's file
     * @param title      the record's title
     * @param properties the record's SD data items
     */
    public String idFor(Path file, String title, Map<String, String> properties) {
        switch (source) {
            case TITLE:
                return title.trim();
            case TAG: {
                String v = properties.get(tag);
                return v == null ? "" : v.trim();
            }
            case FILE_NAME:
                return stripExtensions(file.getFileName() == null ? "" : file.getFileName().toString());
            case PARENT_FOLDER: {
                Path parent = file.toAbsolutePath().normalize().getParent();
                return parent == null || parent.getFileName() == null ? "" : parent.getFileName().toString();
            }
            case GIVEN:
                return tag;
            default:
                throw new AssertionError(source);
        }
    }

    /**
     * The compound id to name in a reject for a record that could not be read: known without parsing for the
     * file and folder rules, the title for the title rule, else empty.
     */
    String idForReject(Path file, String title) {
        return source == Source.TAG ? "" : idFor(file, title, Map.of());
    }

    /** Why {@link #idFor} found nothing, as the tail of a reject reason. */
    String missingReason() {
        switch (source) {
            case TITLE:
                return "the title line is blank; take the compound id from an SD tag (tag:NAME), the file name"
                        + " (file) or the folder (folder)";
            case TAG:
                return "SD tag <" + tag + "> is missing or blank; check the tag name or use title/file/folder";
            case FILE_NAME:
                return "the file name gives no compound id";
            case PARENT_FOLDER:
                return "the file has no parent folder to name the compound";
            case GIVEN:
                return "no compound id was given";
            default:
                throw new AssertionError(source);
        }
    }

    /** {@code lig7.sdf.gz} → {@code lig7}; {@code a.b.mol2} → {@code a.b}. */
    static String stripExtensions(String name) {
        String n = name;
        if (n.toLowerCase(Locale.ROOT).endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** The spelling {@link #parse} accepts. */
    @Override
    public String toString() {
        switch (source) {
            case TITLE:
                return "title";
            case TAG:
                return "tag:" + tag;
            case FILE_NAME:
                return "file";
            case PARENT_FOLDER:
                return "folder";
            case GIVEN:
                return "{id}=" + tag;
            default:
                throw new AssertionError(source);
        }
    }
}
