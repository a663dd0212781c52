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

    @Test
    void warpAllCutsWhatWarpCutsWithinAFewGreyLevels() throws Exception {
        RgbImage photo = Images.decode(java.nio.file.Files.readAllBytes(io.fer.workers.TestModels.store().file("sample6.jpg")));
        java.util.List<AlignedBox> boxes = java.util.List.of(new AlignedBox(1300, 400, 260, 0.12f), // a face, tilted
                new AlignedBox(40, 30, 300, -0.3f), // partly outside the image: black there
                new AlignedBox(700, 500, 37.5f, 0f)); // upscaled
        java.util.List<RgbImage> all = Images.warpAll(photo, boxes, 256);
        assertThat(all).hasSize(3);
        for (int b = 0; b < boxes.size(); b++) {
            RgbImage one = Images.warp(photo, boxes.get(b), 256);
            int worst = 0;
            long sum = 0;
            for (int i = 0; i < one.rgb().length; i++) {
                int d = Math.abs((one.rgb()[i] & 0xff) - (all.get(b).rgb()[i] & 0xff));
                worst = Math.max(worst, d);
                sum += d;
            }
            assertThat(worst).as("box " + b).isLessThanOrEqualTo(4);
            assertThat(sum / (double) one.rgb().length).as("box " + b).isLessThan(0.2);
        }
        assertThat(all.get(1).channel(0, 0, 0)).isZero();
        assertThat(Images.warpAll(photo, java.util.List.of(), 256)).isEmpty();
    }

    private static byte[] filled(int n, byte v) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, v);
        return b;
    }
}
