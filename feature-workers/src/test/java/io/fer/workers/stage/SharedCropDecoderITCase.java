package io.fer.workers.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fer.testing.TestModels;
import io.fer.workers.image.AlignedBox;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Crops of a real photo, as the face stage publishes them (256 px JPEG), decoded by several stages' readers. */
class SharedCropDecoderITCase {
    private static final List<byte[]> JPEGS = new ArrayList<>();
    private static final List<RgbImage> OWN = new ArrayList<>();

    @BeforeAll
    static void crops() throws Exception {
        RgbImage photo = Images.decode(Files.readAllBytes(TestModels.store().file("sample6.jpg")));
        for (int i = 0; i < 30; i++) {
            AlignedBox box = new AlignedBox(300 + 40 * i, 300 + 7 * i, 180 + 5 * i, 0.02f * (i % 7) - 0.06f);
            byte[] jpeg = Images.encodeJpeg(Images.warp(photo, box, 256), 0.9f);
            JPEGS.add(jpeg);
            OWN.add(Images.decode(jpeg));
        }
    }

    @Test
    void threeStagesGetTheirOwnDecodesPixelsFromOneDecodeEach() throws Exception {
        SharedCropDecoder shared = new SharedCropDecoder(3, 64L << 20);
        ExecutorService stages = Executors.newFixedThreadPool(3);
        try {
            List<Future<List<RgbImage>>> got = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < JPEGS.size(); i++) {
                    order.add(i);
                }
                Collections.shuffle(order, new Random(s)); // each stage comes to the crops in its own order
                got.add(stages.submit(() -> {
                    RgbImage[] out = new RgbImage[JPEGS.size()];
                    for (int i : order) {
                        out[i] = shared.decode(ByteBuffer.wrap(JPEGS.get(i)));
                    }
                    return List.of(out);
                }));
            }
            for (Future<List<RgbImage>> stage : got) {
                List<RgbImage> images = stage.get();
                for (int i = 0; i < JPEGS.size(); i++) {
                    assertThat(images.get(i).rgb()).as("crop " + i).isEqualTo(OWN.get(i).rgb());
                }
            }
        } finally {
            stages.shutdownNow();
        }
        assertThat(shared.requests()).isEqualTo(3L * JPEGS.size());
        assertThat(shared.decodes()).isEqualTo(JPEGS.size());
        assertThat(shared.heldCrops()).as("every crop left once all three took it").isZero();
        assertThat(shared.heldBytes()).isZero();
    }

    @Test
    void aStageFarBehindDecodesWhatWasEvictedAndGetsTheSamePixels() {
        long perCrop = OWN.get(0).rgb().length + JPEGS.get(0).length;
        long max = 3 * perCrop + perCrop / 2; // room for three crops
        SharedCropDecoder shared = new SharedCropDecoder(2, max);
        for (int i = 0; i < 10; i++) {
            shared.decode(ByteBuffer.wrap(JPEGS.get(i)));
            assertThat(shared.heldBytes()).isLessThanOrEqualTo(max);
        }
        assertThat(shared.heldCrops()).as("the three newest wait for the other stage").isEqualTo(3);
        for (int i = 9; i >= 0; i--) {
            RgbImage late = shared.decode(ByteBuffer.wrap(JPEGS.get(i)));
            assertThat(late.rgb()).as("crop " + i).isEqualTo(OWN.get(i).rgb());
        }
        assertThat(shared.decodes()).as("10 first decodes, 7 again after eviction").isEqualTo(17);
        assertThat(shared.heldBytes()).isLessThanOrEqualTo(max);
    }

    @Test
    void aCorruptCropFailsForEveryReaderAndIsNotKept() {
        SharedCropDecoder shared = new SharedCropDecoder(2, 64L << 20);
        ByteBuffer bad = ByteBuffer.wrap("not a jpeg at all".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> shared.decode(bad.duplicate())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a JPEG");
        assertThatThrownBy(() -> shared.decode(bad.duplicate())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a JPEG");
        assertThat(shared.heldCrops()).isZero();
        // a crop decodes as before after a bad one
        assertThat(shared.decode(ByteBuffer.wrap(JPEGS.get(0))).rgb()).isEqualTo(OWN.get(0).rgb());
    }

    @Test
    void oneReaderDecodesEveryTime() {
        assertThat(SharedCropDecoder.forReaders(1, 1 << 20)).isSameAs(CropDecoder.OWN);
        assertThat(SharedCropDecoder.forReaders(0, 1 << 20)).isSameAs(CropDecoder.OWN);
        assertThat(SharedCropDecoder.forReaders(2, 1 << 20)).isInstanceOf(SharedCropDecoder.class);
    }
}
