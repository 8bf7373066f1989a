package org.multipose.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders report.html in headless Chromium and checks the screenshot is a real page: not blank, text at the top,
 * the stylesheet applied (the headline box's colour) and a plot drawn (the model's colour). Skips (JUnit
 * assumption) where {@value #CHROMIUM} is absent, as on CI; install it with {@code apt-get install -y chromium}.
 * The screenshot is copied to target/report-chromium.png to look at.
 */
class ReportChromiumTest {

    static final String CHROMIUM = "/usr/bin/chromium";

    @TempDir
    Path dir;

    @Test
    void reportRendersInHeadlessChromium() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(CHROMIUM)), CHROMIUM + " is absent: Chromium check skipped");
        Path preds = dir.resolve("preds");
        ReportFixture.hostileTable().write(preds);
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve(TrainingHistory.FILE), "{\"epoch\": 1, \"train_loss\": 1.2, \"val_loss\": 1.4}\n"
                + "{\"epoch\": 2, \"train_loss\": 0.9, \"val_loss\": 1.1}\n");
        Path out = dir.resolve("report");
        ReportWriter.write(EvaluationReport.evaluate(PredictionTable.read(preds), new BootstrapOptions(200, 0, 0.95)),
                ReportContext.load("multipose test", preds, Optional.of(run)), out);
        Path shot = dir.resolve("shot.png");
        Path profile = Files.createDirectories(dir.resolve("profile")); // a new empty profile for every run
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + profile, "--screenshot=" + shot,
                "--window-size=1280,2000", out.resolve(HtmlReport.FILE).toUri().toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("chromium.log").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s; log: " + log(dir));
        }
        assertEquals(0, p.exitValue(), "chromium failed; log: " + log(dir));
        assertTrue(Files.size(shot) > 30_000, "screenshot only " + Files.size(shot) + " bytes");
        Files.createDirectories(Path.of("target"));
        Files.copy(shot, Path.of("target", "report-chromium.png"), StandardCopyOption.REPLACE_EXISTING);

        BufferedImage img = ImageIO.read(shot.toFile());
        assertEquals(1280, img.getWidth());
        assertEquals(2000, img.getHeight());
        double sum = 0;
        double sumSq = 0;
        long dark = 0;
        long leadBox = 0;
        long modelBlue = 0;
        long topDark = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                double lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
                sum += lum;
                sumSq += lum * lum;
                if (lum < 80) {
                    dark++;
                    if (y < 120) {
                        topDark++;
                    }
                }
                if (near(r, g, b, 0xEE, 0xF4, 0xFB, 2)) {
                    leadBox++; // the headline box's background (CSS .lead)
                }
                if (near(r, g, b, 0x00, 0x72, 0xB2, 12)) {
                    modelBlue++; // the model's colour in the plots
                }
            }
        }
        long n = (long) img.getWidth() * img.getHeight();
        double sd = Math.sqrt(sumSq / n - (sum / n) * (sum / n));
        assertTrue(sd > 20, "luminance sd " + sd + ": the page looks blank");
        assertTrue(dark > 0.005 * n, "too little text: " + dark + " dark pixels");
        assertTrue(topDark > 2000, "no title at the top: " + topDark + " dark pixels in the first 120 rows");
        assertTrue(leadBox > 20_000, "the stylesheet did not apply: " + leadBox + " headline-box pixels");
        assertTrue(modelBlue > 200, "no plot drawn: " + modelBlue + " model-coloured pixels");
    }

    private static boolean near(int r, int g, int b, int r0, int g0, int b0, int tol) {
        return Math.abs(r - r0) <= tol && Math.abs(g - g0) <= tol && Math.abs(b - b0) <= tol;
    }

    private static String log(Path dir) throws IOException {
        Path f = dir.resolve("chromium.log");
        return Files.exists(f) ? Files.readString(f) : "(none)";
    }
}
