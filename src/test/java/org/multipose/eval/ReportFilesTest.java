package org.multipose.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The report directory of {@link ReportFixture#hostileTable()} (the fixture's numbers, with target A renamed
 * {@value ReportFixture#HOSTILE_TARGET} and compound a1 renamed to a script tag) and a run with a hostile config:
 * metrics.json parsed back with Jackson (strict JSON: no NaN tokens) holds every number with n, interval, method,
 * resamples and seed; report.html parses as strict XML, holds the headline numbers (report_reference.py literals
 * at the report's two decimals: two test targets, so the mean over targets, and the pooled numbers asked for),
 * embeds decodable PNGs, loads nothing external and has no script element despite the hostile inputs; the plot files
 * exist as PNG and SVG.
 */
class ReportFilesTest {

    @TempDir
    static Path dir;

    static Path out;
    static String html;
    static JsonNode json;

    @BeforeAll
    static void writeReport() throws IOException {
        Path preds = dir.resolve("preds");
        ReportFixture.hostileTable().write(preds);
        Files.writeString(preds.resolve(ReportContext.PROVENANCE_FILE),
                "{\"dataset_fingerprint\": \"sha256:abc<i>\", \"checkpoint\": \"runs/x/epoch-3\", \"epoch\": 3}");
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve(TrainingHistory.FILE), "{\"epoch\": 1, \"lr\": 0.001, \"train_loss\": 1.2,"
                + " \"val_loss\": 1.4, \"val_spearman\": 0.2}\n{\"epoch\": 2, \"lr\": 0.001, \"train_loss\": 0.9,"
                + " \"val_loss\": 1.1, \"val_spearman\": 0.4}\n");
        Files.writeString(run.resolve(ReportContext.CONFIG_FILE), "model: small\n# </pre><script>alert(2)</script>"
                + " & more\n");
        ReportContext context = ReportContext.load("multipose test", preds, Optional.of(run));
        EvaluationReport report = EvaluationReport.evaluate(PredictionTable.read(preds),
                new BootstrapOptions(200, 7, 0.95), true);
        out = dir.resolve("report");
        ReportWriter.write(report, context, out);
        html = Files.readString(out.resolve(HtmlReport.FILE), StandardCharsets.UTF_8);
        json = new ObjectMapper().readTree(out.resolve(MetricsJson.FILE).toFile());
    }

    private static JsonNode group(String split, String target) {
        for (JsonNode g : json.get("groups")) {
            if (g.get("split").asText().equals(split)
                    && (target == null ? g.get("target").isNull() : g.get("target").asText().equals(target))) {
                return g;
            }
        }
        throw new AssertionError("no group " + split + "/" + target);
    }

    @Test
    void metricsJsonStatesTheMethodAndEveryNumberWithItsInterval() {
        assertEquals(MetricsJson.FORMAT, json.get("format").asText());
        JsonNode b = json.get("bootstrap");
        assertEquals(200, b.get("resamples").asInt());
        assertEquals(7, b.get("seed").asLong());
        assertEquals(0.95, b.get("confidence").asDouble(), 0.0);
        assertTrue(b.get("method").asText().startsWith("paired percentile bootstrap over compounds"));
        assertEquals("test", json.get("headline").get("split").asText());
        assertTrue(json.get("headline").get("per_target").asBoolean());
        assertTrue(json.get("pooled").asBoolean());
        assertEquals(0, json.get("warnings").size());
        assertEquals(6.5, json.get("train_mean_pk").asDouble(), 1e-12);
        assertEquals(7, json.get("groups").size());
        JsonNode mean = json.get("target_means").get(0);
        assertEquals("test", mean.get("split").asText());
        assertEquals(2, mean.get("targets").size());
        assertEquals(0.8499999999999999, mean.get("predictors").get("model").get("metrics").get("spearman")
                .get("value").asDouble(), 1e-12);
        assertEquals("sha256:abc<i>", json.get("provenance").get("dataset_fingerprint").asText());
        assertEquals(2, json.get("run").get("epochs").asInt());

        JsonNode g = group("test", null);
        assertTrue(g.get("pooled").asBoolean());
        assertEquals(2, g.get("targets").asInt());
        assertEquals(13, g.get("compounds").asInt());
        assertEquals(12, g.get("labelled").asInt());
        assertEquals(1, g.get("unlabelled").asInt());
        assertEquals(2, g.get("censored_excluded").asInt());
        assertEquals(10, g.get("exact").asInt());
        JsonNode rho = g.get("predictors").get("model").get("metrics").get("spearman");
        assertEquals(0.8632258720256917, rho.get("value").asDouble(), 1e-12);
        assertTrue(rho.get("ci_lower").isNumber() && rho.get("ci_upper").isNumber());
        assertTrue(rho.get("ci_lower").asDouble() <= rho.get("ci_upper").asDouble());
        assertEquals(10, rho.get("n").asInt());
        assertEquals(200, rho.get("resamples").asInt());
        assertTrue(rho.get("defined").asBoolean());
        for (String m : List.of("mae", "rmse", "pearson", "spearman", "kendall")) {
            assertTrue(g.get("predictors").get("model").get("metrics").has(m), m);
        }
        JsonNode meanRho = g.get("predictors").get("train_mean").get("metrics").get("spearman");
        assertTrue(meanRho.get("value").isNull(), "undefined is null, never NaN");
        assertFalse(meanRho.get("defined").asBoolean());
        assertEquals("the predictions are constant", meanRho.get("undefined_reason").asText());
        assertEquals(1.2218837915284746, g.get("predictors").get("train_mean").get("metrics").get("rmse")
                .get("value").asDouble(), 1e-12);
        JsonNode dock = g.get("predictors").get("dock_score");
        assertEquals(9, dock.get("n").asInt());
        assertFalse(dock.get("metrics").has("mae"));
        assertEquals(0.5333333333333333, dock.get("metrics").get("spearman").get("value").asDouble(), 1e-12);

        JsonNode cmp = null;
        for (JsonNode c : g.get("comparisons")) {
            if (c.get("baseline").asText().equals("dock_score") && c.get("metric").asText().equals("spearman")) {
                cmp = c;
            }
        }
        assertNotNull(cmp);
        assertEquals(0.3620719940352902, cmp.get("difference").asDouble(), 1e-12);
        assertEquals(9, cmp.get("n").asInt());
        assertTrue(List.of("model better", "baseline better", "no clear difference")
                .contains(cmp.get("verdict").asText()));

        JsonNode poses = g.get("poses");
        assertEquals(13, poses.get("compounds").asInt());
        assertEquals(13, poses.get("top_weight_lowest_rmsd").asInt());
        assertEquals(0.7, poses.get("mean_weight_below_threshold").asDouble(), 1e-12);
        assertEquals(0.5, poses.get("mean_fraction_below_threshold").asDouble(), 1e-12);
        assertEquals(0.8999999999999998, group("test", ReportFixture.HOSTILE_TARGET).get("predictors")
                .get("model").get("metrics").get("spearman").get("value").asDouble(), 1e-12);
    }

    private static Document parseStrictXml() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    private static NodeList xpath(Document d, String expr) throws Exception {
        return (NodeList) XPathFactory.newInstance().newXPath().evaluate(expr, d, XPathConstants.NODESET);
    }

    @Test
    void htmlIsWellFormedAndHasTheStructure() throws Exception {
        Document d = parseStrictXml();
        assertEquals("html", d.getDocumentElement().getLocalName());
        for (String id : List.of("summary", "figures", "groups", "poses", "training", "run", "method")) {
            assertEquals(1, xpath(d, "//*[local-name()='section'][@id='" + id + "']").getLength(), id);
        }
        assertTrue(xpath(d, "//*[local-name()='table']").getLength() >= 8);
    }

    @Test
    void htmlLeadsWithTheHeadlineNumbers() throws Exception {
        Document d = parseStrictXml();
        NodeList lead = xpath(d, "//*[local-name()='p'][@class='lead']");
        assertEquals(1, lead.getLength());
        String text = lead.item(0).getTextContent().replaceAll("\\s+", " ");
        // Two test targets: the headline is the mean over them (report_reference.py, "mean over targets"): Spearman
        // 0.85, RMSE 0.5119; ΔRMSE vs train mean −0.7054; ΔSpearman vs heavy atoms 0.85 − 0.7334 = +0.1166; vs
        // docking +0.30; the top pose carries the compound's own prediction in this fixture, Δ 0.
        assertTrue(text.startsWith("On the test split (10 exact labels, mean over 2 targets), the model's Spearman ρ"
                + " is 0.85 ["), text);
        assertTrue(text.contains("and RMSE is 0.51 ["), text);
        assertTrue(text.contains("vs top pose only: ΔSpearman ρ = +0.00 ["), text);
        assertTrue(text.contains("vs train mean: ΔRMSE = -0.71 ["), text);
        assertTrue(text.contains("vs heavy atoms: ΔSpearman ρ = +0.12 ["), text);
        assertTrue(text.contains("vs docking score: ΔSpearman ρ = +0.30 ["), text);
        NodeList modelRow = xpath(d, "//*[@id='summary']//*[local-name()='tr'][@class='model']");
        String row = modelRow.item(0).getTextContent();
        for (String v : List.of("0.47", "0.51", "0.92", "0.85", "0.70")) {
            assertTrue(row.contains(v + " ["), v + " in " + row);
        }
        // the per-target table comes before the mean, and the pooled numbers (asked for) are titled as pooled;
        // report_reference.py: model Spearman 0.8632 pooled, 0.90 on A
        String summary = xpath(d, "//*[@id='summary']").item(0).getTextContent();
        assertTrue(summary.indexOf("Per target, test split: the model") < summary.indexOf("Mean over 2 targets"),
                summary);
        assertTrue(summary.contains("test, pooled over 2 targets (on request)"), summary);
        String pooledRow = modelRow.item(1).getTextContent();
        assertTrue(pooledRow.contains("0.86 ["), pooledRow);
    }

    @Test
    void hostileInputsAreEscapedText() throws Exception {
        Document d = parseStrictXml();
        assertEquals(0, xpath(d, "//*[local-name()='script']").getLength());
        assertEquals(0, xpath(d, "//*[local-name()='i' and ancestor::*[local-name()='table'][@class='kv']]")
                .getLength(), "provenance values are text");
        assertFalse(html.contains("<script"));
        assertTrue(html.contains("&lt;script&gt;alert(&#39;a1&#39;)&lt;/script&gt;"));
        List<String> cells = new ArrayList<>();
        NodeList tds = xpath(d, "//*[local-name()='td']");
        for (int i = 0; i < tds.getLength(); i++) {
            cells.add(tds.item(i).getTextContent());
        }
        assertTrue(cells.contains(ReportFixture.HOSTILE_ID), "the id is shown as text");
        assertTrue(cells.contains(ReportFixture.HOSTILE_TARGET));
        NodeList pre = xpath(d, "//*[local-name()='pre']");
        assertTrue(pre.item(0).getTextContent().contains("</pre><script>alert(2)</script> & more"));
    }

    @Test
    void htmlEmbedsItsImagesAndLoadsNothingExternal() throws Exception {
        Document d = parseStrictXml();
        NodeList imgs = xpath(d, "//*[local-name()='img']");
        assertTrue(imgs.getLength() >= 6, "scatter ×2, per-target ρ, pose weights, 3 training plots");
        for (int i = 0; i < imgs.getLength(); i++) {
            String src = ((Element) imgs.item(i)).getAttribute("src");
            assertTrue(src.startsWith("data:image/png;base64,"), src.substring(0, Math.min(40, src.length())));
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(
                    src.substring("data:image/png;base64,".length()))));
            assertEquals(ReportPlots.WIDTH, img.getWidth());
        }
        assertEquals(0, xpath(d, "//*[local-name()='link' or local-name()='iframe' or local-name()='object']")
                .getLength());
        NodeList refs = xpath(d, "//@src | //@href");
        for (int i = 0; i < refs.getLength(); i++) {
            String v = refs.item(i).getNodeValue();
            assertTrue(v.startsWith("data:") || v.startsWith("#"), "external reference " + v);
        }
        assertFalse(html.contains("url(") || html.contains("@import"), "no CSS resources");
    }

    @Test
    void plotFilesArePngAndSvg() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(out.resolve(ReportWriter.PLOTS_DIR))) {
            files = s.sorted().toList();
        }
        List<String> names = files.stream().map(p -> p.getFileName().toString()).toList();
        for (String stem : List.of("scatter_test", "scatter_train", "scatter_none", "spearman_per_target_test",
                "pose_weight_vs_rmsd", "training_loss", "training_lr", "training_val_metrics")) {
            assertTrue(names.contains(stem + ".png") && names.contains(stem + ".svg"), stem + " in " + names);
        }
        for (Path f : files) {
            if (f.toString().endsWith(".png")) {
                assertNotNull(ImageIO.read(f.toFile()), f.toString());
            } else {
                String svg = Files.readString(f);
                assertTrue(svg.startsWith("<?xml") && svg.contains("<svg"), f.toString());
            }
        }
    }
}
