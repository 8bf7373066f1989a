package org.multipose.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a report directory: {@value MetricsJson#FILE}, {@code plots/NAME.png} and {@code plots/NAME.svg} for every
 * figure, and {@value HtmlReport#FILE} (self-contained: the PNGs are embedded). The predictions tables themselves
 * are the caller's to place (the {@code report} command copies them in; {@code evaluate} writes them there).
 */
public final class ReportWriter {

    /** Sub-directory of the plot files. */
    public static final String PLOTS_DIR = "plots";

    private ReportWriter() {}

    /** Writes the report of {@code report} into {@code outDir} (created if needed); returns the files written. */
    public static List<Path> write(EvaluationReport report, ReportContext context, Path outDir) {
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(outDir.resolve(PLOTS_DIR));
            Path metrics = outDir.resolve(MetricsJson.FILE);
            MetricsJson.write(report, context, metrics);
            written.add(metrics);
            List<Plot> plots = ReportPlots.all(report, context.history());
            Map<String, byte[]> png = new LinkedHashMap<>();
            for (Plot p : plots) {
                byte[] img = p.png();
                png.put(p.name(), img);
                Path f = outDir.resolve(PLOTS_DIR).resolve(p.name() + ".png");
                Files.write(f, img);
                written.add(f);
                Path s = outDir.resolve(PLOTS_DIR).resolve(p.name() + ".svg");
                Files.write(s, p.svg());
                written.add(s);
            }
            Path html = outDir.resolve(HtmlReport.FILE);
            Files.writeString(html, HtmlReport.render(report, context, plots, png), StandardCharsets.UTF_8);
            written.add(html);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + outDir, e);
        }
        return written;
    }
}
