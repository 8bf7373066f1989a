package org.multipose.spark;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.multipose.base.InputException;
import org.multipose.base.Reject;
import org.multipose.structure.LigandReader;

/**
 * The pose files a pattern with a URI scheme names ({@code hdfs://nn/dock/{target}/*.sdf}, {@code s3a://…},
 * {@code file:///…}), listed through Hadoop's {@link FileSystem#globStatus}: the glob syntax of local patterns
 * ({@code *}, {@code **} spelled as Hadoop reads it, {@code ?}, {@code {a,b}}), a matched directory gives every pose
 * file below it, and {@code {target}} / {@code {id}} each match one or more characters of a name.
 */
final class HadoopPoseFiles {

    private HadoopPoseFiles() {}

    /** True when the pattern is a URI with a scheme (two letters or more, so a Windows drive is no scheme). */
    static boolean isUri(String pattern) {
        return pattern.matches("^[A-Za-z][A-Za-z0-9+.-]+://.*");
    }

    /** The listing: files in path order, and the paths the glob matched that are no pose files. */
    record Listing(List<PoseFileRef> files, List<Reject> rejects) {}

    static Listing expand(String pattern) {
        String glob = pattern.replace("{target}", "*").replace("{id}", "*");
        Pattern values = valuesRegex(pattern);
        TreeMap<String, long[]> found = new TreeMap<>();
        TreeMap<String, String[]> placeholders = new TreeMap<>();
        List<Reject> rejects = new ArrayList<>();
        try {
            FileSystem fs = FileSystem.get(URI.create(glob.replaceAll("[*?\\[{].*$", "")), new Configuration());
            FileStatus[] matched = fs.globStatus(new org.apache.hadoop.fs.Path(glob));
            if (matched == null) {
                matched = new FileStatus[0];
            }
            for (FileStatus st : matched) {
                String name = st.getPath().toString();
                String[] v = placeholderValues(values, name);
                if (st.isDirectory()) {
                    RemoteIterator<LocatedFileStatus> it = fs.listFiles(st.getPath(), true);
                    while (it.hasNext()) {
                        LocatedFileStatus f = it.next();
                        if (f.isFile() && LigandReader.isLigandFile(Path.of(f.getPath().getName()))) {
                            found.putIfAbsent(f.getPath().toString(), new long[] {f.getLen()});
                            placeholders.putIfAbsent(f.getPath().toString(), v);
                        }
                    }
                } else if (LigandReader.isLigandFile(Path.of(st.getPath().getName()))) {
                    found.putIfAbsent(name, new long[] {st.getLen()});
                    placeholders.putIfAbsent(name, v);
                } else {
                    rejects.add(new Reject(name, "", "", "not a pose file: the pattern matched it but pose files are"
                            + " .sdf, .sd, .mol or .mol2 (optionally .gz); narrow the pattern"));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new InputException("poses '" + pattern + "': cannot list it (" + e.getMessage() + "); check the URI"
                    + " and the file system's configuration", e);
        }
        if (found.isEmpty()) {
            throw new InputException("poses '" + pattern + "' matched no pose files (.sdf, .sd, .mol, .mol2,"
                    + " optionally .gz); check the pattern");
        }
        List<PoseFileRef> files = new ArrayList<>();
        int ordinal = 0;
        for (var e : found.entrySet()) {
            String[] v = placeholders.get(e.getKey());
            files.add(new PoseFileRef(e.getKey(), v[0], v[1], e.getValue()[0], ordinal++, true));
        }
        return new Listing(files, rejects);
    }

    /** The values of {target} and {id} in a matched path ("" when the pattern has none). */
    private static String[] placeholderValues(Pattern values, String path) {
        Matcher m = values.matcher(URI.create(path).getPath());
        if (!m.matches()) {
            throw new InputException("poses: cannot tell the {target} / {id} part of " + path + "; make the pattern's"
                    + " fixed text around the placeholder match it");
        }
        return new String[] {group(m, "target"), group(m, "id")};
    }

    private static String group(Matcher m, String name) {
        try {
            String v = m.group(name);
            return v == null ? "" : v;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /** A regex over a matched path's URI path with a named group per placeholder. */
    static Pattern valuesRegex(String pattern) {
        String path = pattern.substring(pattern.indexOf("://") + 3);
        int slash = path.indexOf('/');
        path = slash < 0 ? "/" : path.substring(slash); // drop the authority
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (path.startsWith("{target}", i)) {
                re.append("(?<target>[^/]+)");
                i += "{target}".length() - 1;
            } else if (path.startsWith("{id}", i)) {
                re.append("(?<id>[^/]+)");
                i += "{id}".length() - 1;
            } else if (path.startsWith("**", i)) {
                re.append(".*");
                i++;
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else if (c == '{') {
                re.append("(?:");
            } else if (c == '}') {
                re.append(')');
            } else if (c == ',') {
                re.append('|');
            } else if (c == '[' || c == ']') {
                re.append(c);
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        // a glob naming a directory matches it; the files below it keep the values the directory gave
        return Pattern.compile(re.toString());
    }
}
