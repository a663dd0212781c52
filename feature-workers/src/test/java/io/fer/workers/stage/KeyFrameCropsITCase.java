package io.fer.workers.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.testing.TestModels;
import io.fer.workers.face.FaceDetector;
import io.fer.workers.image.Box;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What detecting on every 3rd frame costs in accuracy: on a real photo seen by a camera that pans and zooms (faces
 * move up to 4 px and scale by 0.5 % a frame), the faces carried over the frames between key frames stay on the faces
 * the detector finds when it runs on every frame, with the same track ids.
 */
class KeyFrameCropsITCase {
    private static FaceDetector detector;

    @BeforeAll
    static void load() {
        detector = new FaceDetector(TestModels.store(), FaceDetector.DetectorConfig.DEFAULT);
    }

    @AfterAll
    static void close() {
        detector.close();
    }

    private static List<RgbImage> panningClip(int frames) throws Exception {
        RgbImage photo = Images.decode(Files.readAllBytes(TestModels.store().file("sample6.jpg")));
        List<RgbImage> out = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            float t = i / (float) (frames - 1);
            float w = 800 * (1 - 0.15f * t);
            float h = w * 3 / 4;
            out.add(Images.crop(photo, new Box(1000 + t * 120 + (800 - w) / 2, 150 + (600 - h) / 2, w, h), 640, 480));
        }
        return out;
    }

    private static List<List<FaceCropper.CroppedFace>> faces(List<RgbImage> frames, int detectEvery) {
        FaceCropper cropper = new FaceCropper(StageConfig.DEFAULT.withDetectEvery(detectEvery));
        List<Long> indices = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            indices.add((long) i);
            times.add(i * 40_000L);
        }
        List<List<FaceCropper.CroppedFace>> out = new ArrayList<>();
        var tracker = cropper.newTracker();
        var keys = cropper.newKeyFrames();
        for (int from = 0; from < frames.size(); from += 8) { // in batches of 8, as fer.frames carries them
            int to = Math.min(frames.size(), from + 8);
            out.addAll(cropper.cropFrames(frames.subList(from, to), indices.subList(from, to), times.subList(from, to), detector,
                    tracker, keys));
        }
        return out;
    }

    @Test
    void facesCarriedBetweenKeyFramesStayOnTheDetectedFaces() throws Exception {
        List<RgbImage> frames = panningClip(30);
        List<List<FaceCropper.CroppedFace>> every = faces(frames, 1);
        List<List<FaceCropper.CroppedFace>> third = faces(frames, 3);

        double sum = 0;
        double worst = 1;
        int compared = 0;
        for (int i = 0; i < frames.size(); i++) {
            Map<Integer, Box> detected = new HashMap<>();
            every.get(i).forEach(c -> detected.put(c.trackId(), c.box()));
            assertThat(detected).as("frame " + i).hasSizeGreaterThanOrEqualTo(2);
            assertThat(third.get(i)).extracting(FaceCropper.CroppedFace::trackId).as("frame " + i)
                    .containsExactlyInAnyOrderElementsOf(detected.keySet());
            if (i % 3 == 0) {
                continue; // key frames: the same detections
            }
            for (FaceCropper.CroppedFace c : third.get(i)) {
                float iou = c.box().iou(detected.get(c.trackId()));
                sum += iou;
                worst = Math.min(worst, iou);
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(30);
        assertThat(sum / compared).as("mean IoU of carried vs detected boxes").isGreaterThan(0.85);
        assertThat(worst).as("worst IoU").isGreaterThan(0.7);
    }
}
