package io.fer.workers.face;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.workers.image.Box;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlazeFaceDecoderTest {

    @Test
    void anchorsAreTheLibrarys896() {
        float[][] a = BlazeFaceDecoder.anchors(256);
        assertThat(a).hasNumberOfRows(896);
        assertThat(a[0]).containsExactly(8f, 8f);
        assertThat(a[1]).containsExactly(8f, 8f);
        assertThat(a[512]).containsExactly(16f, 16f);
    }

    @Test
    void decodesBoxesRelativeToTheirAnchorAndDropsLowScores() {
        BlazeFaceDecoder d = new BlazeFaceDecoder(256, 0.5f, 0.3f, 10);
        float[] raw = new float[896 * 17];
        for (int a = 0; a < 896; a++) {
            raw[a * 17] = -10; // sigmoid ~ 0
        }
        int a = 100;
        float[] anchor = BlazeFaceDecoder.anchors(256)[a];
        raw[a * 17] = 3; // sigmoid 0.95
        raw[a * 17 + 1] = 2;
        raw[a * 17 + 2] = -1;
        raw[a * 17 + 3] = 40;
        raw[a * 17 + 4] = 50;

        List<Detection> out = d.decode(raw);

        assertThat(out).hasSize(1);
        Box b = out.get(0).box();
        assertThat(b.cx()).isEqualTo(anchor[0] + 2);
        assertThat(b.cy()).isEqualTo(anchor[1] - 1);
        assertThat(b.width()).isEqualTo(40);
        assertThat(out.get(0).score()).isGreaterThan(0.9f);
    }

    @Test
    void overlappingDetectionsKeepTheBest() {
        var a = new Detection(new Box(0, 0, 100, 100), 0.9f, new float[12]);
        var b = new Detection(new Box(5, 5, 100, 100), 0.8f, new float[12]);
        var c = new Detection(new Box(300, 0, 100, 100), 0.7f, new float[12]);
        assertThat(BlazeFaceDecoder.nonMaxSuppression(List.of(b, c, a), 0.3f, 10)).containsExactly(a, c);
    }

    @Test
    void letterboxMapsModelPixelsBackToTheImage() {
        Letterbox lb = new Letterbox(640, 480, 256);
        Detection inModel = new Detection(new Box(128, 128, 64, 64), 1f, new float[] {128, 128});
        Detection inImage = lb.toImage(inModel);
        assertThat(inImage.box().cx()).isEqualTo(400f);
        assertThat(inImage.box().cy()).isEqualTo(320f); // 160 * 2.5 - 80 (the bar above)
        assertThat(inImage.keypoints()[0]).isEqualTo(320f);
    }
}
