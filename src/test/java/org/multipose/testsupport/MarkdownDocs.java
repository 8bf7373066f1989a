package org.multipose.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The project's Markdown as tests read it, to keep the README and docs/ in sync with the code: sections by heading,
 * fenced code blocks and the shell commands in them, tables, links and GitHub's heading anchors. Plain string work,
 * no Markdown library: the documents are ours and use a small subset.
 */
public final class MarkdownDocs {

    /** The checkout (the build passes it; the tests run there anyway). */
    public static final Path PROJECT =
            Path.of(System.getProperty("multipose.project.dir", ".")).toAbsolutePath().normalize();

    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    /** [text](target): the text may hold one line break (a wrapped paragraph), the target no space. */
    private static final Pattern LINK = Pattern.compile("\\[([^\\]\\n]*(?:\\n[^\\]\\n]*)?)\\]\\(([^)\\s]+)\\)");

    private MarkdownDocs() {
    }

    /** A file of the checkout, by its path relative to the checkout. */
    public static String read(String relative) {
        return read(PROJECT.resolve(relative));
    }

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** README.md, every Markdown file under docs/ and each module's README.md, in path order. */
    public static List<Path> documentationFiles() {
        List<Path> files = new ArrayList<>();
        files.add(PROJECT.resolve("README.md"));
        try (Stream<Path> docs = Files.walk(PROJECT.resolve("docs"));
                Stream<Path> top = Files.list(PROJECT)) {
            docs.filter(p -> p.toString().endsWith(".md") && Files.isRegularFile(p)).sorted().forEach(files::add);
            top.filter(p -> p.getFileName().toString().startsWith("multipose-")).sorted()
                    .map(p -> p.resolve("README.md")).filter(Files::isRegularFile).forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** A line of a document (1-based) with its text. */
    public record Line(int number, String text) {
    }

    /** The lines outside fenced code blocks (headings, prose, tables). */
    public static List<Line> proseLines(String markdown) {
        List<Line> out = new ArrayList<>();
        boolean fence = false;
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("```")) {
                fence = !fence;
                continue;
            }
            if (!fence) {
                out.add(new Line(i + 1, lines[i]));
            }
        }
        return out;
    }

    /** A heading: its level (number of #), its text and its line. */
    public record Heading(int level, String text, int line) {
    }

    public static List<Heading> headings(String markdown) {
        List<Heading> out = new ArrayList<>();
        for (Line l : proseLines(markdown)) {
            Matcher m = HEADING.matcher(l.text());
            if (m.matches()) {
                out.add(new Heading(m.group(1).length(), m.group(2), l.number()));
            }
        }
        return out;
    }

    /**
     * The section under the first heading whose text is {@code title} (any level), without the heading line, up to
     * the next heading of the same or a higher level; fails when there is no such heading.
     */
    public static String section(String markdown, String title) {
        List<Heading> hs = headings(markdown);
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < hs.size(); i++) {
            if (hs.get(i).text().equals(title)) {
                int end = lines.length;
                for (int j = i + 1; j < hs.size(); j++) {
                    if (hs.get(j).level() <= hs.get(i).level()) {
                        end = hs.get(j).line() - 1;
                        break;
                    }
                }
                return String.join("\n", List.of(lines).subList(hs.get(i).line(), end));
            }
        }
        throw new AssertionError("no heading '" + title + "'");
    }

    /**
     * GitHub's anchor of a heading: the rendered text (code marks, emphasis and link targets dropped) in lower case,
     * punctuation removed, each space a hyphen.
     */
    public static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "").replace("*", "")
                .toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder();
        text.codePoints().forEach(c -> {
            int type = Character.getType(c);
            if (Character.isLetterOrDigit(c) || c == '_' || c == '-' || type == Character.NON_SPACING_MARK
                    || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK) {
                b.appendCodePoint(c);
            } else if (c == ' ') {
                b.append('-');
            }
        });
        return b.toString();
    }

    /** The anchors a document's headings get on GitHub (a repeated one gets -1, -2, ...). */
    public static List<String> anchors(String markdown) {
        List<String> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Heading h : headings(markdown)) {
            String s = slug(h.text());
            int n = seen.merge(s, 1, Integer::sum);
            out.add(n == 1 ? s : s + "-" + (n - 1));
        }
        return out;
    }

    /** A link: its line, text and target as written. */
    public record Link(int line, String text, String target) {
    }

    /** Every [text](target) link (images too) outside fenced code blocks. */
    public static List<Link> links(String markdown) {
        StringBuilder prose = new StringBuilder();
        boolean fence = false;
        for (String l : markdown.split("\n", -1)) {
            if (l.startsWith("```")) {
                fence = !fence;
            }
            // code lines stay as empty lines so line numbers are kept
            prose.append(fence || l.startsWith("```") ? "" : l).append('\n');
        }
        List<Link> out = new ArrayList<>();
        Matcher m = LINK.matcher(prose);
        while (m.find()) {
            int line = 1 + (int) prose.substring(0, m.start()).chars().filter(c -> c == '\n').count();
            out.add(new Link(line, m.group(1), m.group(2)));
        }
        return out;
    }

    /** A fenced code block: its info string ("bash", "java", "" ...), the line of its opening fence and its lines. */
    public record CodeBlock(String info, int line, List<String> lines) {
    }

    public static List<CodeBlock> codeBlocks(String markdown) {
        List<CodeBlock> out = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("```")) {
                int start = i;
                List<String> body = new ArrayList<>();
                for (i++; i < lines.length && !lines[i].startsWith("```"); i++) {
                    body.add(lines[i]);
                }
                out.add(new CodeBlock(lines[start].substring(3).strip(), start + 1, body));
            }
        }
        return out;
    }

    /** A shell command of a code block, with the line it starts on. */
    public record Command(int line, String text) {
    }

    /**
     * The commands of a shell block: lines continued with a trailing backslash joined, comments (a # after a space or
     * at the start, outside quotes) and blank lines dropped.
     */
    public static List<Command> commands(CodeBlock block) {
        List<Command> out = new ArrayList<>();
        StringBuilder cur = null;
        int start = 0;
        for (int i = 0; i < block.lines().size(); i++) {
            String text = stripComment(block.lines().get(i)).strip();
            if (cur == null) {
                if (text.isEmpty()) {
                    continue;
                }
                cur = new StringBuilder();
                start = block.line() + 1 + i;
            }
            boolean continued = text.endsWith("\\");
            cur.append(continued ? text.substring(0, text.length() - 1).strip() : text).append(' ');
            if (!continued) {
                out.add(new Command(start, cur.toString().strip()));
                cur = null;
            }
        }
        if (cur != null) {
            out.add(new Command(start, cur.toString().strip()));
        }
        return out;
    }

    private static String stripComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /**
     * The words of a command as a POSIX shell splits them: single and double quotes group (and are removed),
     * variables are left as written.
     */
    public static List<String> words(String command) {
        List<String> out = new ArrayList<>();
        StringBuilder w = null;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    w.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                w = w == null ? new StringBuilder() : w;
            } else if (Character.isWhitespace(c)) {
                if (w != null) {
                    out.add(w.toString());
                    w = null;
                }
            } else {
                w = w == null ? new StringBuilder() : w;
                w.append(c);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unbalanced quote in: " + command);
        }
        if (w != null) {
            out.add(w.toString());
        }
        return out;
    }

    /** The cells of each row of the tables in a piece of Markdown (header and separator rows left out). */
    public static List<List<String>> tableRows(String markdown) {
        List<List<String>> rows = new ArrayList<>();
        boolean header = true;
        for (Line l : proseLines(markdown)) {
            String t = l.text().strip();
            if (!t.startsWith("|")) {
                header = true;
                continue;
            }
            if (t.matches("\\|[\\s|:-]+\\|")) {
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            List<String> cells = new ArrayList<>();
            // split on | that is not escaped as \|
            for (String cell : t.substring(1, t.length() - 1).split("(?<!\\\\)\\|", -1)) {
                cells.add(cell.strip().replace("\\|", "|"));
            }
            rows.add(cells);
        }
        return rows;
    }

    /**
     * The README's two commands, the main job and the test command, as its section "The two commands" writes them
     * (the first shell block there, comments dropped).
     */
    public static List<String> readmeTwoCommands() {
        String section = section(read("README.md"), "The two commands");
        List<CodeBlock> blocks = codeBlocks(section);
        if (blocks.isEmpty()) {
            throw new AssertionError("README.md, \"The two commands\": no code block");
        }
        return commands(blocks.get(0)).stream().map(Command::text).toList();
    }

    /** The `code` spans of a piece of Markdown, in order. */
    public static List<String> codeSpans(String markdown) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("`([^`]+)`").matcher(markdown);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
