package io.fer.workers.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fer.testing.TestModels;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The degradations eval measures and training augments with, on a real photo. */
class DegradationITCase {
    static RgbImage photo() throws Exception {
        return Images.decode(Files.readAllBytes(TestModels.store().file("sample3.jpg")));
    }

    static double meanLevel(RgbImage img) {
        long sum = 0;
        for (byte b : img.rgb()) {
            sum += b & 0xff;
        }
        return (double) sum / img.rgb().length;
    }

    @Test
    void specsParseToTheirStepsAndPrintBackNormalised() {
        Degradation d = Degradation.parse(" mask:0.4 + face:40@640x480+jpeg:12+dark:0.30+noise:10+blur:2.5+roll:-20+mirror");
        assertThat(d.steps()).hasSize(8);
        assertThat(d.spec()).isEqualTo("mask:0.4+face:40@640x480+jpeg:12+dark:0.3+noise:10+blur:2.5+roll:-20+mirror");
        assertThat(Degradation.parse(d.spec())).isEqualTo(d);
        assertThat(Degradation.parse("clean").isNone()).isTrue();
        assertThat(Degradation.parse("").isNone()).isTrue();
        assertThat(Degradation.parse("mask:0.4:202020").spec()).isEqualTo("mask:0.4:202020");
    }

    @Test
    void preAlignedFramesGetTheFaceAsItsCropWouldShowIt() throws Exception {
        Degradation far = Degradation.parse("mask:0.4+face:40@640x480+dark:0.3");
        Degradation asCrop = far.forAlignedFrames();
        assertThat(asCrop.spec()).isEqualTo("mask:0.4+scale:40+dark:0.3");
        assertThat(Degradation.parse(asCrop.spec())).isEqualTo(asCrop);
        RgbImage img = photo();
        RgbImage out = asCrop.apply(img, 1);
        assertThat(Math.max(out.width(), out.height())).isEqualTo(40);
        assertThat(out.width() * img.height()).isCloseTo(out.height() * img.width(), Offset.offset(img.height()));
        assertThat(meanLevel(out)).isLessThan(meanLevel(img) * 0.5);
        assertThat(Degradation.parse("jpeg:12").forAlignedFrames()).isEqualTo(Degradation.parse("jpeg:12"));
    }

    @Test
    void badSpecsSayWhatIsWrong() {
        assertThatThrownBy(() -> Degradation.parse("fog:3")).hasMessageContaining("unknown degradation 'fog'");
        assertThatThrownBy(() -> Degradation.parse("jpeg")).hasMessageContaining("needs a parameter");
        assertThatThrownBy(() -> Degradation.parse("jpeg:0")).hasMessageContaining("1..100");
        assertThatThrownBy(() -> Degradation.parse("face:40")).hasMessageContaining("face:S@WxH");
        assertThatThrownBy(() -> Degradation.parse("face:700@640x480")).hasMessageContaining("fit the canvas");
        assertThatThrownBy(() -> Degradation.parse("dark:x")).hasMessageContaining("bad number");
    }

    @Test
    void faceOnCanvasScalesTheFrameIntoTheCentreOfAPlainCanvas() throws Exception {
        RgbImage img = photo();
        RgbImage out = Degradation.parse("face:40@640x480").apply(img, 1);
        assertThat(out.width()).isEqualTo(640);
        assertThat(out.height()).isEqualTo(480);
        int w = Math.round(img.width() * 40f / Math.max(img.width(), img.height()));
        int h = Math.round(img.height() * 40f / Math.max(img.width(), img.height()));
        int x0 = (640 - w) / 2;
        int y0 = (480 - h) / 2;
        // the canvas is plain outside the scaled frame, and the frame's content is inside
        assertThat(out.channel(x0 - 1, 240, 0)).isEqualTo(DegradationStep.FaceOnCanvas.CANVAS_GRAY);
        assertThat(out.channel(x0 + w, 240, 1)).isEqualTo(DegradationStep.FaceOnCanvas.CANVAS_GRAY);
        assertThat(out.channel(320, y0 - 1, 2)).isEqualTo(DegradationStep.FaceOnCanvas.CANVAS_GRAY);
        Set<Integer> inside = new HashSet<>();
        for (int x = x0; x < x0 + w; x++) {
            inside.add(out.channel(x, 240, 0));
        }
        assertThat(inside.size()).isGreaterThan(5);
    }

    @Test
    void lowLightScalesLevelsAndNoiseIsSeeded() throws Exception {
        RgbImage img = photo();
        RgbImage dark = Degradation.parse("dark:0.3").apply(img, 1);
        assertThat(meanLevel(dark) / meanLevel(img)).isBetween(0.29, 0.31);
        Degradation noisy = Degradation.parse("dark:0.3+noise:10");
        RgbImage a = noisy.apply(img, 7);
        assertThat(a.rgb()).isEqualTo(noisy.apply(img, 7).rgb());
        assertThat(a.rgb()).isNotEqualTo(noisy.apply(img, 8).rgb());
        double sq = 0;
        for (int i = 0; i < a.rgb().length; i++) {
            double diff = (a.rgb()[i] & 0xff) - (dark.rgb()[i] & 0xff);
            sq += diff * diff;
        }
        assertThat(Math.sqrt(sq / a.rgb().length)).isBetween(7.0, 11.0); // clipping at 0 takes a little off
    }

    @Test
    void maskCoversTheLowerFractionOnly() throws Exception {
        RgbImage img = photo();
        RgbImage out = Degradation.parse("mask:0.4:102030").apply(img, 1);
        int from = Math.round(img.height() * 0.6f);
        for (int y : new int[] {from, img.height() - 1}) {
            assertThat(out.channel(img.width() / 2, y, 0)).isEqualTo(0x10);
            assertThat(out.channel(img.width() / 2, y, 2)).isEqualTo(0x30);
        }
        for (int x = 0; x < img.width(); x++) {
            for (int c = 0; c < 3; c++) {
                assertThat(out.channel(x, from - 1, c)).isEqualTo(img.channel(x, from - 1, c));
            }
        }
    }

    @Test
    void blurJpegAndRollChangeThePictureNotItsSize() throws Exception {
        RgbImage img = photo();
        for (String spec : new String[] {"blur:2.5", "jpeg:12", "roll:20", "mirror"}) {
            RgbImage out = Degradation.parse(spec).apply(img, 1);
            assertThat(out.width()).as(spec).isEqualTo(img.width());
            assertThat(out.height()).as(spec).isEqualTo(img.height());
            assertThat(out.rgb()).as(spec).isNotEqualTo(img.rgb());
            assertThat(meanLevel(out)).as(spec).isBetween(meanLevel(img) - 6, meanLevel(img) + 6);
        }
        // heavy compression loses detail: its JPEG re-encoded at high quality is smaller than the photo's
        RgbImage q12 = Degradation.parse("jpeg:12").apply(img, 1);
        assertThat(Images.encodeJpeg(q12, 0.9f).length).isLessThan(Images.encodeJpeg(img, 0.9f).length);
        RgbImage twice = Degradation.parse("mirror+mirror").apply(img, 1);
        assertThat(twice.rgb()).isEqualTo(img.rgb());
    }
}
