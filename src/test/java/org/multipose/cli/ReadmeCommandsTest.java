package org.multipose.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.multipose.config.ConfigLoader;
import org.multipose.config.TrainingConfig;
import org.multipose.testsupport.MarkdownDocs;
import org.multipose.testsupport.MarkdownDocs.CodeBlock;
import org.multipose.testsupport.MarkdownDocs.Command;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The README's commands and CLI table against the code. The two commands are the ones CI and the tests run (the main
 * one is run by {@link QuickstartRepeatTest}, read from the README); every {@code ./pipeline} example in the README's
 * and the user guide's shell blocks parses with the real command line; the CLI table lists every subcommand, and each
 * option it names exists. The Spark commands ({@code ./pipeline spark ...}) are checked in the Spark module.
 */
class ReadmeCommandsTest {

    private static final Path PROJECT = MarkdownDocs.PROJECT;
    private static final String LAUNCHER = "./pipeline";
    private static final String SPARK = LAUNCHER + " spark";

    @Test
    void theTwoCommandsAreTheQuickstartAndTheTestCommand() {
        assertEquals(List.of("./pipeline train --config configs/quickstart.yaml", "mvn -B verify"),
                MarkdownDocs.readmeTwoCommands(), "README.md, \"The two commands\"");
    }

    /** CI runs the README's test command, as written. */
    @Test
    void ciRunsTheReadmesTestCommand() {
        List<String> ci = new ArrayList<>();
        for (String line : MarkdownDocs.read(".ci/run").split("\n")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#") && !t.startsWith("set ") && !t.startsWith("cd ")) {
                ci.add(t);
            }
        }
        assertEquals(List.of(MarkdownDocs.readmeTwoCommands().get(1)), ci, ".ci/run");
    }

    /** The main command is {@code train} with a config of the checkout that loads. */
    @Test
    void theMainCommandParsesAndItsConfigLoads() {
        List<String> words = MarkdownDocs.words(MarkdownDocs.readmeTwoCommands().get(0));
        assertEquals(LAUNCHER, words.get(0));
        ParseResult parsed = Main.commandLine().parseArgs(words.subList(1, words.size()).toArray(String[]::new));
        ParseResult leaf = leaf(parsed);
        assertEquals("train", leaf.commandSpec().name());
        OptionSpec config = leaf.matchedOption("--config");
        assertNotNull(config, "the main command names no --config");
        Path file = PROJECT.resolve(config.getValue().toString());
        assertTrue(Files.isRegularFile(file), file.toString());
        TrainingConfig loaded = ConfigLoader.load(file, List.of());
        assertTrue(loaded.training().epochs() > 0, "the main command trains");
    }

    /**
     * Every {@code ./pipeline} command in a shell block of the README, the user guide and the config reference parses
     * (subcommand, option names, arity, required options). Synopses (with [optional] parts, (groups) or a|b choices
     * outside quotes) are not examples and are passed over.
     */
    @Test
    void everyPipelineExampleInTheDocsParses() {
        List<Path> pages = new ArrayList<>();
        for (Path p : MarkdownDocs.documentationFiles()) {
            String rel = PROJECT.relativize(p).toString().replace('\\', '/');
            if (rel.equals("README.md") || rel.startsWith("docs/guide/") || rel.equals("docs/config-reference.md")) {
                pages.add(p);
            }
        }
        List<String> problems = new ArrayList<>();
        int parsed = 0;
        for (Path page : pages) {
            for (CodeBlock block : MarkdownDocs.codeBlocks(MarkdownDocs.read(page))) {
                if (!block.info().equals("bash")) {
                    continue;
                }
                for (Command c : MarkdownDocs.commands(block)) {
                    if (!c.text().startsWith(LAUNCHER + " ") || c.text().startsWith(SPARK + " ") || isSynopsis(c.text())) {
                        continue;
                    }
                    List<String> words = MarkdownDocs.words(c.text());
                    try {
                        Main.commandLine().parseArgs(words.subList(1, words.size()).toArray(String[]::new));
                        parsed++;
                    } catch (CommandLine.ParameterException e) {
                        problems.add(PROJECT.relativize(page) + ":" + c.line() + ": " + c.text() + "\n    "
                                + e.getMessage());
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(parsed >= 20, "only " + parsed + " ./pipeline examples found in the docs' bash blocks");
    }

    /**
     * The README's CLI table names every (leaf) subcommand of {@code pipeline}, and each option a row names is an
     * option of that command.
     */
    @Test
    void theCliTableListsEverySubcommandAndOnlyRealOptions() {
        String cli = MarkdownDocs.section(MarkdownDocs.read("README.md"), "CLI");
        CommandLine root = Main.commandLine();
        Set<String> listed = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (List<String> row : MarkdownDocs.tableRows(cli)) {
            for (String usage : MarkdownDocs.codeSpans(row.get(0))) {
                if (!usage.startsWith(LAUNCHER + " ") || usage.startsWith(SPARK + " ")) {
                    continue;
                }
                problems.addAll(checkUsage(root, usage, listed));
            }
        }
        assertEquals(List.of(), problems);
        assertEquals(leafCommands(root), listed, "README.md, CLI table: the subcommands of pipeline");
    }

    /** The check fails on an unknown subcommand, a command with subcommands left unnamed and an unknown option. */
    @Test
    void theCliTableCheckFindsWhatIsWrong() {
        Set<String> listed = new TreeSet<>();
        CommandLine root = Main.commandLine();
        assertEquals(List.of("`./pipeline trian --config FILE`: no subcommand trian"),
                checkUsage(root, "./pipeline trian --config FILE", listed));
        assertEquals(List.of("`./pipeline dataset DIR`: pipeline dataset has subcommands; name one"),
                checkUsage(root, "./pipeline dataset DIR", listed));
        assertEquals(List.of("`./pipeline train --confg FILE`: pipeline train has no option --confg"),
                checkUsage(root, "./pipeline train --confg FILE", listed));
        Set<String> bench = new TreeSet<>();
        assertEquals(List.of(), checkUsage(root, "./pipeline bench grid|train [--runs K]", bench));
        assertEquals(Set.of("pipeline bench grid", "pipeline bench train"), bench);
        assertTrue(isSynopsis("./pipeline refine --run RUN [--pose K | --all]"));
        assertTrue(!isSynopsis("./pipeline train --set 'split.holdout_targets=[p38]'"));
    }

    /** Walks {@code ./pipeline a b|c --opt ...}: the subcommands named, then the options; adds the commands to listed. */
    private static List<String> checkUsage(CommandLine root, String usage, Set<String> listed) {
        String[] tokens = usage.split("\\s+");
        List<CommandLine> current = List.of(root);
        for (int i = 1; i < tokens.length; i++) {
            if (current.stream().allMatch(c -> realSubcommands(c).isEmpty())) {
                break;
            }
            String[] names = tokens[i].split("\\|");
            if (names[0].startsWith("-") || names[0].startsWith("[") || names[0].startsWith("(")
                    || !names[0].matches("[a-z][a-z0-9-]*")) {
                break;
            }
            List<CommandLine> next = new ArrayList<>();
            for (CommandLine c : current) {
                for (String n : names) {
                    CommandLine sub = c.getSubcommands().get(n);
                    if (sub == null) {
                        return List.of("`" + usage + "`: no subcommand " + n);
                    }
                    next.add(sub);
                }
            }
            current = next;
        }
        List<String> problems = new ArrayList<>();
        Set<String> options = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*").matcher(usage);
        while (m.find()) {
            options.add(m.group());
        }
        for (CommandLine c : current) {
            String name = c.getCommandSpec().qualifiedName();
            if (!realSubcommands(c).isEmpty()) {
                problems.add("`" + usage + "`: " + name + " has subcommands; name one");
                continue;
            }
            for (String o : options) {
                if (c.getCommandSpec().findOption(o) == null) {
                    problems.add("`" + usage + "`: " + name + " has no option " + o);
                }
            }
            listed.add(name);
        }
        return problems;
    }

    /** The qualified names of the commands without subcommands (help aside). */
    private static Set<String> leafCommands(CommandLine c) {
        Set<String> out = new TreeSet<>();
        List<CommandLine> subs = realSubcommands(c);
        if (subs.isEmpty()) {
            out.add(c.getCommandSpec().qualifiedName());
        }
        for (CommandLine s : subs) {
            out.addAll(leafCommands(s));
        }
        return out;
    }

    private static List<CommandLine> realSubcommands(CommandLine c) {
        List<CommandLine> out = new ArrayList<>();
        for (CommandLine s : c.getSubcommands().values()) {
            if (!(s.getCommand() instanceof CommandLine.HelpCommand) && !out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    private static ParseResult leaf(ParseResult r) {
        while (r.hasSubcommand()) {
            r = r.subcommand();
        }
        return r;
    }

    /** A usage line rather than an example: [ ( or | outside quotes. */
    static boolean isSynopsis(String command) {
        String unquoted = command.replaceAll("'[^']*'|\"[^\"]*\"", "");
        return unquoted.contains("[") || unquoted.contains("(") || unquoted.contains("|");
    }
}
