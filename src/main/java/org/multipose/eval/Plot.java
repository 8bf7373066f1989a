package org.multipose.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.knowm.xchart.ChartEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * One figure of a report: a built XChart chart (only rendered after it is built) with the words around it.
 *
 * @param name    file stem, e.g. {@code scatter_test} (→ plots/scatter_test.png and .svg)
 * @param title   heading shown above the figure
 * @param caption what the figure shows and how to read it
 * @param chart   the chart
 */
public record Plot(String name, String title, String caption, Chart<?, ?> chart) {

    public Plot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(caption, "caption");
        Objects.requireNonNull(chart, "chart");
    }

    /** The chart as a PNG image (the chart's pixel size). */
    public byte[] png() {
        try {
            return ChartEncoder.getBytes(chart, "png");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render " + name + " as PNG", e);
        }
    }

    /** The chart as an SVG document (VectorGraphics2D). */
    public byte[] svg() {
        try {
            return ChartEncoder.getBytes(chart, "svg");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render " + name + " as SVG", e);
        }
    }
}
