package org.multipose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipose.testsupport.MarkdownDocs;
import org.multipose.testsupport.MarkdownDocs.Link;

/**
 * The README and the pages under docs/ (and the modules' READMEs) link each other with relative links: every link
 * must name a file of the checkout, and an anchor must be one of the target page's headings as GitHub makes them.
 * Every user-guide page is reachable from the README and from the docs index.
 */
class DocsLinksTest {

    private static final Path PROJECT = MarkdownDocs.PROJECT;

    @Test
    void everyRelativeLinkNamesAFileAndAHeading() {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path file : MarkdownDocs.documentationFiles()) {
            for (Link link : MarkdownDocs.links(MarkdownDocs.read(file))) {
                checked++;
                String problem = check(file, link);
                if (problem != null) {
                    problems.add(PROJECT.relativize(file) + ":" + link.line() + ": (" + link.target() + ") " + problem);
                }
            }
        }
        assertTrue(checked > 50, "only " + checked + " links found: is the link pattern still right?");
        assertEquals(List.of(), problems);
    }

    @Test
    void everyGuidePageIsLinkedFromTheReadmeAndTheIndex() throws IOException {
        List<Path> pages = new ArrayList<>();
        try (Stream<Path> guide = Files.list(PROJECT.resolve("docs/guide"))) {
            guide.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        pages.add(PROJECT.resolve("docs/config-reference.md"));
        assertTrue(pages.size() >= 10, pages.toString());
        Set<Path> fromReadme = targets(PROJECT.resolve("README.md"));
        Set<Path> fromIndex = targets(PROJECT.resolve("docs/README.md"));
        List<String> unlinked = new ArrayList<>();
        for (Path page : pages) {
            if (!fromReadme.contains(page)) {
                unlinked.add("README.md does not link " + PROJECT.relativize(page));
            }
            if (!fromIndex.contains(page)) {
                unlinked.add("docs/README.md does not link " + PROJECT.relativize(page));
            }
        }
        for (String page : List.of("docs/README.md", "multipose-combination/README.md", "docs/benchmarks.md",
                "docs/scale-out.md")) {
            if (!fromReadme.contains(PROJECT.resolve(page))) {
                unlinked.add("README.md does not link " + page);
            }
        }
        assertEquals(List.of(), unlinked);
    }

    /** The check itself finds a missing file, a missing anchor, and accepts a good link and a repeated heading. */
    @Test
    void theCheckFindsBrokenLinks(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("a.md"), "# A\n\n## Step one: `prepare` (CSV)\n\n## Twice\n\n## Twice\n");
        Path b = tmp.resolve("b.md");
        Files.writeString(b, "see [one](a.md#step-one-prepare-csv), [two](a.md#twice-1), [top](#b)\n"
                + "[gone](c.md) and [wrong\nanchor](a.md#step-two) and [self](#nowhere)\n\n# B\n"
                + "```\n[in code](nothing.md)\n```\n[site](https://example.org/x)\n");
        List<String> problems = new ArrayList<>();
        for (Link link : MarkdownDocs.links(MarkdownDocs.read(b))) {
            String p = check(b, link);
            if (p != null) {
                problems.add(link.line() + " " + link.target() + ": " + p);
            }
        }
        assertEquals(List.of("2 c.md: no such file", "2 a.md#step-two: a.md has no heading with anchor #step-two",
                "3 #nowhere: b.md has no heading with anchor #nowhere"), problems);
    }

    /** Why a link is broken, or null when it is fine. */
    private static String check(Path from, Link link) {
        String target = link.target();
        if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return null; // https:, mailto: ...: not ours to check
        }
        int hash = target.indexOf('#');
        String path = hash >= 0 ? target.substring(0, hash) : target;
        String anchor = hash >= 0 ? target.substring(hash + 1) : "";
        Path file = path.isEmpty() ? from : from.getParent().resolve(path).normalize();
        if (!Files.exists(file)) {
            return "no such file";
        }
        if (anchor.isEmpty()) {
            return null;
        }
        if (!file.toString().endsWith(".md")) {
            return "an anchor into a file that is not Markdown";
        }
        List<String> anchors = MarkdownDocs.anchors(MarkdownDocs.read(file));
        return anchors.contains(anchor) ? null
                : file.getFileName() + " has no heading with anchor #" + anchor;
    }

    /** The files a page links to (anchors dropped). */
    private static Set<Path> targets(Path page) {
        Set<Path> out = new TreeSet<>();
        for (Link link : MarkdownDocs.links(MarkdownDocs.read(page))) {
            String t = link.target();
            if (!t.contains(":") && !t.startsWith("#")) {
                out.add(page.getParent().resolve(t.replaceAll("#.*", "")).normalize());
            }
        }
        return out;
    }
}
