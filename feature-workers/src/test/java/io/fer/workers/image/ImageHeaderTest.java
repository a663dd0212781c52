package io.fer.workers.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageHeaderTest {
    @Test
    void readsTheSizeOfARealJpegAndPng() throws Exception {
        RgbImage img = new RgbImage(123, 45, new byte[123 * 45 * 3]);
        assertThat(ImageHeader.dimensions(Images.encodeJpeg(img, 0.8f))).containsExactly(123, 45);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(Images.toBuffered(img), "png", png);
        assertThat(ImageHeader.dimensions(png.toByteArray())).containsExactly(123, 45);
        assertThat(ImageHeader.dimensions(new byte[] {1, 2, 3})).isNull();
    }

    @Test
    void aJpegDeclaringAHugeFrameIsRefusedBeforeDecoding() {
        byte[] jpeg = Images.encodeJpeg(new RgbImage(16, 16, new byte[16 * 16 * 3]), 0.8f);
        byte[] huge = patchSize(jpeg, 60000, 60000);
        assertThat(ImageHeader.dimensions(huge)).containsExactly(60000, 60000);
        assertThatThrownBy(() -> Images.decode(huge)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("60000x60000").hasMessageContaining("megapixel limit");
        // an 8K frame's header is within the limit
        ImageHeader.checkSize(patchSize(jpeg, 7680, 4320));
    }

    /** The same JPEG with the size in its start-of-frame segment changed. */
    static byte[] patchSize(byte[] jpeg, int w, int h) {
        byte[] b = Arrays.copyOf(jpeg, jpeg.length);
        int i = 2;
        while (true) {
            int marker = b[i + 1] & 0xff;
            int len = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            if (marker == 0xC0 || marker == 0xC2) {
                b[i + 5] = (byte) (h >> 8);
                b[i + 6] = (byte) h;
                b[i + 7] = (byte) (w >> 8);
                b[i + 8] = (byte) w;
                return b;
            }
            i += 2 + len;
        }
    }
}
