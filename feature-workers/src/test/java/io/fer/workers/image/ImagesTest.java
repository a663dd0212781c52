package io.fer.workers.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ImagesTest {

    @Test
    void warpSamplesTheRotatedSquareItDescribes() {
        Random r = new Random(3);
        byte[] px = new byte[200 * 150 * 3];
        r.nextBytes(px);
        RgbImage img = new RgbImage(200, 150, px);
        AlignedBox box = new AlignedBox(90, 70, 120, 0.3f);

        RgbImage fast = Images.warp(img, box, 48);

        // reference: map every output pixel centre through the box, then bilinear
        int worst = 0;
        for (int oy = 0; oy < 48; oy++) {
            for (int ox = 0; ox < 48; ox++) {
                float[] p = box.toImage((ox + 0.5f) / 48, (oy + 0.5f) / 48);
                float[] ref = Images.cropResize(img, new Box(p[0] - 0.5f, p[1] - 0.5f, 1, 1), 1, 1);
                for (int c = 0; c < 3; c++) {
                    worst = Math.max(worst, Math.abs(fast.channel(ox, oy, c) - Math.round(ref[c])));
                }
            }
        }
        assertThat(worst).isLessThanOrEqualTo(1);
    }

    @Test
    void warpOutsideTheImageIsBlack() {
        RgbImage white = new RgbImage(10, 10, filled(10 * 10 * 3, (byte) 255));
        RgbImage out = Images.warp(white, new AlignedBox(5, 5, 40, 0), 8);
        assertThat(out.channel(0, 0, 0)).isZero();
        assertThat(out.channel(4, 4, 0)).isEqualTo(255);
    }

    private static byte[] filled(int n, byte v) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, v);
        return b;
    }
}
