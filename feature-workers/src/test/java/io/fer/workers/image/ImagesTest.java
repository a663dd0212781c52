package io.fer.workers.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
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
    void cropResizeIsPerPixelBilinearSamplingBitForBit() {
        // the models were converted and their parity measured with this sampling: a faster cropResize must give the
        // very same floats (enlarging, shrinking, boxes partly outside the image, one-pixel outputs)
        Random r = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int w = 8 + r.nextInt(200);
            int h = 8 + r.nextInt(200);
            byte[] px = new byte[w * h * 3];
            r.nextBytes(px);
            RgbImage img = new RgbImage(w, h, px);
            Box box = new Box(r.nextFloat() * w * 1.2f - 0.2f * w, r.nextFloat() * h * 1.2f - 0.2f * h, 1 + r.nextFloat() * w,
                    1 + r.nextFloat() * h);
            int outW = 1 + r.nextInt(230);
            int outH = 1 + r.nextInt(230);
            float[] fast = Images.cropResize(img, box, outW, outH);
            float[] reference = perPixel(img, box, outW, outH);
            assertThat(Arrays.mismatch(fast, reference)).as("first differing value, trial " + trial).isEqualTo(-1);
        }
    }

    /** The reference: each output pixel's centre mapped into the box, blended across columns, then rows. */
    private static float[] perPixel(RgbImage img, Box box, int outW, int outH) {
        float[] out = new float[outW * outH * 3];
        float sx = box.width() / outW;
        float sy = box.height() / outH;
        for (int oy = 0; oy < outH; oy++) {
            float fy = box.y() + (oy + 0.5f) * sy - 0.5f;
            int y = (int) Math.floor(fy);
            float ay = fy - y;
            for (int ox = 0; ox < outW; ox++) {
                float fx = box.x() + (ox + 0.5f) * sx - 0.5f;
                int x = (int) Math.floor(fx);
                float ax = fx - x;
                for (int c = 0; c < 3; c++) {
                    float value;
                    if (x >= 0 && y >= 0 && x + 1 < img.width() && y + 1 < img.height()) {
                        float top = img.channel(x, y, c) + ax * (img.channel(x + 1, y, c) - img.channel(x, y, c));
                        float bottom = img.channel(x, y + 1, c) + ax * (img.channel(x + 1, y + 1, c) - img.channel(x, y + 1, c));
                        value = top + ay * (bottom - top);
                    } else { // at the border: pixels outside count as black
                        float bx = x + ax;
                        int x0 = (int) Math.floor(bx);
                        float a = bx - x0;
                        float t = (1 - a) * outside(img, x0, y, c) + a * outside(img, x0 + 1, y, c);
                        float b = (1 - a) * outside(img, x0, y + 1, c) + a * outside(img, x0 + 1, y + 1, c);
                        value = (1 - ay) * t + ay * b;
                    }
                    out[(oy * outW + ox) * 3 + c] = value;
                }
            }
        }
        return out;
    }

    private static int outside(RgbImage img, int x, int y, int c) {
        return x < 0 || y < 0 || x >= img.width() || y >= img.height() ? 0 : img.channel(x, y, c);
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
        Arrays.fill(b, v);
        return b;
    }
}
