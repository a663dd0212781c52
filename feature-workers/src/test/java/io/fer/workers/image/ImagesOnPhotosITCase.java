package io.fer.workers.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.testing.TestModels;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Image operations on a real photo; needs the fetched sample photos ({@code ./fer models fetch}). */
class ImagesOnPhotosITCase {
    @Test
    void warpAllCutsWhatWarpCutsWithinAFewGreyLevels() throws Exception {
        RgbImage photo = Images.decode(Files.readAllBytes(TestModels.store().file("sample6.jpg")));
        List<AlignedBox> boxes = List.of(new AlignedBox(1300, 400, 260, 0.12f), // a face, tilted
                new AlignedBox(40, 30, 300, -0.3f), // partly outside the image: black there
                new AlignedBox(700, 500, 37.5f, 0f)); // upscaled
        List<RgbImage> all = Images.warpAll(photo, boxes, 256);
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
        assertThat(Images.warpAll(photo, List.of(), 256)).isEmpty();
    }
}
