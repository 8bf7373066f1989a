package org.multipose.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.multipose.base.InputException;
import org.multipose.base.Reject;
import org.multipose.structure.LigandReader;

/**
 * The pose files a poses pattern names, in a fixed order (by path), each with the target its {@code {target}}
 * segment matched.
 *
 * <p>The pattern is a file, a directory (every pose file below it, recursively) or a glob in Java's
 * {@link java.nio.file.FileSystem#getPathMatcher glob syntax} ({@code *} within a name, {@code **} across folders,
 * {@code ?}, {@code [abc]}, {@code {a,b}}). The placeholder {@code {target}} matches one or more characters of a
 * name and makes them the target of everything at or below it, as a whole segment ({@code data/{target}/poses/*.sdf}
 * gives {@code data/tyk2/poses/a.sdf} the target {@code tyk2}) or inside one ({@code ligand_*}{@code
 * /docked_{target}.sdf} gives {@code ligand_3/docked_A.sdf} the target {@code A}); {@code {id}} likewise makes the
 * matched text the compound id of every record in the file ({@code ligand_{id}/docked_{target}.sdf}: compound
 * {@code 3}). Each appears at most once, never after a {@code **} ({@link PathPlaceholders}). A glob that matches a
 * directory takes every pose file below it. Pose files are
 * {@code .sdf}, {@code .sd}, {@code .mol}, {@code .mol2}, optionally {@code .gz}; under a directory other files are
 * passed over, while a file the glob names itself but that is no pose file becomes a {@link Reject} ("not a pose
 * file").
 *
 * @param pattern the pattern as given
 * @param files   the pose files, sorted by path
 * @param rejects files the glob matched that are not pose files
 */
public record PoseFiles(String pattern, List<PoseFile> files, List<Reject> rejects) {

    /** The target placeholder. */
    public static final String TARGET = "{target}";
    /** The compound-id placeholder. */
    public static final String ID = "{id}";

    /**
     * One pose file.
     *
     * @param path   the file (the pattern's base as given, joined with the path below it)
     * @param target the text the {@code {target}} placeholder matched, or "" when the pattern has none
     * @param id     the text the {@code {id}} placeholder matched (the compound id of every record in the file), or
     *               "" when the pattern has none
     * @param bytes  the file's size (for progress)
     */
    public record PoseFile(Path path, String target, String id, long bytes) {
        public PoseFile {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(id, "id");
        }
    }

    public PoseFiles {
        Objects.requireNonNull(pattern, "pattern");
        files = List.copyOf(files);
        rejects = List.copyOf(rejects);
    }

    /** True when the pattern names targets with a {@code {target}} placeholder. */
    public boolean hasTargetPlaceholder() {
        return hasTargetPlaceholder(pattern);
    }

    /** True when the pattern has a {@code {target}} placeholder. */
    public static boolean hasTargetPlaceholder(String pattern) {
        return pattern.contains(TARGET);
    }

    /** True when the pattern has an {@code {id}} placeholder: the path names each file's compound. */
    public static boolean hasIdPlaceholder(String pattern) {
        return pattern.contains(ID);
    }

    /** Total bytes of the files. */
    public long totalBytes() {
        long b = 0;
        for (PoseFile f : files) {
            b += f.bytes();
        }
        return b;
    }

    /**
     * Expands a pattern.
     *
     * @throws InputException when the pattern is malformed, its fixed part does not exist, or it matches no pose file
     */
    public static PoseFiles expand(String pattern) {
        String p = pattern.trim();
        if (p.isEmpty()) {
            throw new InputException("poses: the pattern is empty; give a directory of pose files or a glob such as"
                    + " poses/*.sdf");
        }
        List<String> segments = new ArrayList<>(List.of(p.split("/", -1)));
        int firstGlob = segments.size();
        for (int i = 0; i < segments.size(); i++) {
            if (isGlob(segments.get(i))) {
                firstGlob = i;
                break;
            }
        }
        Map<Path, PoseFile> found = new LinkedHashMap<>();
        List<Reject> rejects = new ArrayList<>();
        if (firstGlob == segments.size()) {
            Path path = Path.of(p);
            if (Files.isDirectory(path)) {
                addDirectory(path, "", "", found, rejects);
            } else if (Files.isRegularFile(path)) {
                if (!LigandReader.isLigandFile(path)) {
                    throw new InputException("poses '" + pattern + "' is not a pose file; pose files are .sdf, .sd,"
                            + " .mol or .mol2 (optionally .gz); give one, a directory of them or a glob");
                }
                found.put(path, poseFile(path, "", ""));
            } else {
                throw new InputException("poses '" + pattern + "': no such file or directory; check the path");
            }
        } else {
            List<String> rest = segments.subList(firstGlob, segments.size());
            PathPlaceholders placeholders = PathPlaceholders.parse(pattern, rest);
            String baseText = String.join("/", segments.subList(0, firstGlob));
            Path base = firstGlob == 0 ? Path.of("") : Path.of(baseText.isEmpty() ? "/" : baseText);
            if (!Files.isDirectory(base.toString().isEmpty() ? Path.of(".") : base)) {
                throw new InputException("poses '" + pattern + "': folder '" + base + "' does not exist; check the"
                        + " pattern");
            }
            boolean deep = rest.stream().anyMatch(s -> s.contains("**"));
            PathMatcher matcher;
            try {
                matcher = FileSystems.getDefault().getPathMatcher("glob:" + placeholders.glob());
            } catch (IllegalArgumentException e) {
                throw new InputException("poses '" + pattern + "': malformed glob (" + e.getMessage() + ")", e);
            }
            walkGlob(base, matcher, deep ? Integer.MAX_VALUE : rest.size(), placeholders, found, rejects);
        }
        if (found.isEmpty()) {
            throw new InputException("poses '" + pattern + "' matched no pose files (.sdf, .sd, .mol, .mol2,"
                    + " optionally .gz); check the pattern" + (rejects.isEmpty() ? ""
                    : " (" + rejects.size() + " other path(s) skipped, e.g. " + rejects.get(0).file() + ": "
                            + rejects.get(0).reason() + ")"));
        }
        List<PoseFile> files = new ArrayList<>(found.values());
        files.sort(Comparator.comparing(f -> f.path().toString()));
        rejects.sort(Comparator.comparing(Reject::file));
        return new PoseFiles(pattern, files, rejects);
    }

    private static boolean isGlob(String segment) {
        if (segment.equals(TARGET)) {
            return true;
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return true;
            }
        }
        return false;
    }

    private static void walkGlob(Path base, PathMatcher matcher, int depth, PathPlaceholders placeholders,
            Map<Path, PoseFile> found, List<Reject> rejects) {
        Path root = base.toString().isEmpty() ? Path.of(".") : base;
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), depth, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(root)) {
                        return FileVisitResult.CONTINUE;
                    }
                    Path rel = root.relativize(dir);
                    if (matcher.matches(rel)) {
                        addMatched(base.resolve(rel), rel, true, 0, placeholders, found, rejects);
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    Path rel = root.relativize(file);
                    if (!matcher.matches(rel)) {
                        return FileVisitResult.CONTINUE;
                    }
                    Path path = base.resolve(rel);
                    if (attrs.isDirectory()) {
                        addMatched(path, rel, true, 0, placeholders, found, rejects); // a directory at the depth limit
                    } else if (LigandReader.isLigandFile(path)) {
                        addMatched(path, rel, false, attrs.size(), placeholders, found, rejects);
                    } else {
                        rejects.add(new Reject(path.toString(), "", "", "not a pose file: the pattern matched it but"
                                + " pose files are .sdf, .sd, .mol or .mol2 (optionally .gz); narrow the pattern"));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    rejects.add(visitFailure(base.resolve(root.relativize(file)), e));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    /** A path the walk could not enter: a symbolic link back to one of its own ancestors, or an unreadable one. */
    private static Reject visitFailure(Path path, IOException e) {
        if (e instanceof FileSystemLoopException) {
            return new Reject(path.toString(), "", "", "symbolic link loop: " + path + " leads back to a folder"
                    + " above it; it is skipped (remove the link, or name the folders you want in the pattern)");
        }
        return new Reject(path.toString(), "", "", "unreadable file: " + e.getMessage());
    }

    /** A matched file or directory, with the values its path gives the placeholders. */
    private static void addMatched(Path path, Path rel, boolean directory, long bytes, PathPlaceholders placeholders,
            Map<Path, PoseFile> found, List<Reject> rejects) {
        Optional<String> target = placeholders.value(rel, "target");
        Optional<String> id = placeholders.value(rel, "id");
        if (target.isEmpty() || id.isEmpty()) {
            // The glob and the placeholder regex read the path differently: say so rather than guess a name.
            rejects.add(new Reject(path.toString(), "", "", "not a pose file: cannot tell the "
                    + (target.isEmpty() ? "{target}" : "{id}") + " part of this path; make the pattern's fixed"
                    + " text around the placeholder match it"));
            return;
        }
        if (directory) {
            addDirectory(path, target.get(), id.get(), found, rejects);
        } else {
            found.putIfAbsent(path, new PoseFile(path, target.get(), id.get(), bytes));
        }
    }

    /** Every pose file below {@code dir}, recursively; other files are passed over, link loops rejected. */
    private static void addDirectory(Path dir, String target, String id, Map<Path, PoseFile> found,
            List<Reject> rejects) {
        try {
            Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                            if (attrs.isRegularFile() && LigandReader.isLigandFile(f)) {
                                found.putIfAbsent(f, new PoseFile(f, target, id, attrs.size()));
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path f, IOException e) {
                            rejects.add(visitFailure(f, e));
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            throw new InputException("poses: cannot list " + dir + " (" + e.getMessage() + "); check its permissions",
                    e);
        }
    }

    private static PoseFile poseFile(Path f, String target, String id) {
        try {
            return new PoseFile(f, target, id, Files.size(f));
        } catch (IOException e) {
            return new PoseFile(f, target, id, 0);
        }
    }

    /** The distinct targets of the files, in order of first appearance (empty when there is no placeholder). */
    public List<String> targets() {
        List<String> out = new ArrayList<>();
        for (PoseFile f : files) {
            if (!f.target().isEmpty() && !out.contains(f.target())) {
                out.add(f.target());
            }
        }
        return out;
    }
}
