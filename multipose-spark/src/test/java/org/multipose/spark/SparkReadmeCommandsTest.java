package org.multipose.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The Spark half of the core's ReadmeCommandsTest (the core cannot see {@link SparkMain}): the README's CLI table has
 * a {@code ./pipeline spark} row for every subcommand of {@code pipeline spark}, naming only options it has, and every
 * {@code ./pipeline spark} example in the README's and the user guide's shell blocks parses. Starts no Spark.
 */
class SparkReadmeCommandsTest {

    private static final Path PROJECT = TestSpark.PROJECT;
    private static final String PREFIX = "./pipeline spark ";

    @Test
    void theCliTableListsEverySparkSubcommandAndOnlyRealOptions() throws IOException {
        String readme = Files.readString(PROJECT.resolve("README.md"), StandardCharsets.UTF_8);
        int from = readme.indexOf("\n## CLI\n");
        assertTrue(from >= 0, "README.md has no CLI section");
        int to = readme.indexOf("\n## ", from + 1);
        String cli = readme.substring(from, to < 0 ? readme.length() : to);
        Set<String> listed = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (String line : cli.split("\n")) {
            if (!line.startsWith("| `" + PREFIX)) {
                continue;
            }
            String usage = line.substring(3, line.indexOf('`', 3)).replace("\\|", "|");
            String[] words = usage.substring(PREFIX.length()).split("\\s+");
            CommandLine sub = SparkMain.commandLine().getSubcommands().get(words[0]);
            if (sub == null) {
                problems.add("`" + usage + "`: pipeline spark has no subcommand " + words[0]);
                continue;
            }
            listed.add(words[0]);
            Matcher m = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*").matcher(usage);
            while (m.find()) {
                if (sub.getCommandSpec().findOption(m.group()) == null) {
                    problems.add("`" + usage + "`: pipeline spark " + words[0] + " has no option " + m.group());
                }
            }
        }
        assertEquals(List.of(), problems);
        Set<String> commands = new TreeSet<>();
        SparkMain.commandLine().getSubcommands().forEach((name, c) -> {
            if (!(c.getCommand() instanceof CommandLine.HelpCommand)) {
                commands.add(name);
            }
        });
        assertEquals(commands, listed, "README.md, CLI table: the subcommands of pipeline spark");
    }

    @Test
    void everySparkExampleInTheDocsParses() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(PROJECT.resolve("README.md")));
        try (Stream<Path> guide = Files.list(PROJECT.resolve("docs/guide"))) {
            guide.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<String> problems = new ArrayList<>();
        int parsed = 0;
        for (Path page : pages) {
            boolean bash = false;
            StringBuilder command = new StringBuilder();
            for (String line : Files.readString(page, StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("```")) {
                    bash = !bash && line.strip().equals("```bash");
                    continue;
                }
                if (!bash) {
                    continue;
                }
                String text = line.replaceAll("(^|\\s)#.*$", "").strip();   // our examples quote no #
                boolean continued = text.endsWith("\\");
                command.append(continued ? text.substring(0, text.length() - 1) : text).append(' ');
                if (continued) {
                    continue;
                }
                String c = command.toString().strip();
                command.setLength(0);
                String unquoted = c.replaceAll("'[^']*'|\"[^\"]*\"", "");
                if (!c.startsWith(PREFIX) || unquoted.matches(".*[\\[(|].*")) {
                    continue;   // not a Spark command, or a synopsis
                }
                List<String> args = new ArrayList<>();
                Matcher w = Pattern.compile("'([^']*)'|\"([^\"]*)\"|(\\S+)").matcher(c.substring(PREFIX.length()));
                while (w.find()) {
                    args.add(w.group(1) != null ? w.group(1) : w.group(2) != null ? w.group(2) : w.group(3));
                }
                try {
                    SparkMain.commandLine().parseArgs(args.toArray(String[]::new));
                    parsed++;
                } catch (CommandLine.ParameterException e) {
                    problems.add(PROJECT.relativize(page) + ": " + c + "\n    " + e.getMessage());
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(parsed >= 2, "only " + parsed + " ./pipeline spark examples found");
    }
}
