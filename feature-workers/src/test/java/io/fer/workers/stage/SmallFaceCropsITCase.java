package io.fer.workers.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.testing.TestModels;
import io.fer.workers.face.Detection;
import io.fer.workers.face.FaceAligner;
import io.fer.workers.face.FaceDetector;
import io.fer.workers.face.SmallFaceSearch;
import io.fer.workers.image.Degradation;
import io.fer.workers.image.DegradationStep;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real faces from a group photo, far from the camera: found by the zoomed pass of the face stage's cropper. */
class SmallFaceCropsITCase {
    private static FaceDetector detector;
    private static RgbImage face;

    @BeforeAll
    static void load() throws Exception {
        detector = new FaceDetector(TestModels.store(), FaceDetector.DetectorConfig.DEFAULT);
        RgbImage photo = Images.decode(Files.readAllBytes(TestModels.store().file("sample3.jpg")));
        Detection middle = detector.detect(photo).stream().sorted(Comparator.comparingDouble(d -> d.box().x())).toList().get(1);
        // a tight face crop (the face is the frame, as in CK+ or FER2013)
        face = Images.warp(photo, FaceAligner.align(middle, 1.15f), 128);
    }

    @AfterAll
    static void close() {
        detector.close();
    }

    static List<FaceStageFaces> found(RgbImage frame, SmallFaceSearch search) {
        FaceCropper cropper = new FaceCropper(StageConfig.DEFAULT.withSmallFaces(search));
        return cropper.cropFrames(List.of(frame), List.of(0L), List.of(0L), detector, cropper.newTracker(), cropper.newKeyFrames()).get(0)
                .stream().map(c -> new FaceStageFaces(c.box().cx(), c.box().cy(), Math.max(c.box().width(), c.box().height()))).toList();
    }

    record FaceStageFaces(float cx, float cy, float side) {}

    @ParameterizedTest
    @ValueSource(strings = {"face:32@640x480", "face:40@640x480", "face:36@640x480+dark:0.5", "face:48@1280x720"})
    void aFarFaceIsFoundWithTheZoomedPass(String spec) {
        Degradation d = Degradation.parse(spec);
        RgbImage frame = d.apply(face, 1);
        var canvas = (DegradationStep.FaceOnCanvas) d.steps().get(0);
        List<FaceStageFaces> faces = found(frame, SmallFaceSearch.DEFAULT);
        assertThat(faces).hasSize(1);
        assertThat(faces.get(0).cx()).isCloseTo(frame.width() / 2f, Offset.offset(canvas.face() / 3f));
        assertThat(faces.get(0).cy()).isCloseTo(frame.height() / 2f, Offset.offset(canvas.face() / 3f));
        assertThat(faces.get(0).side()).isBetween(canvas.face() * 0.4f, canvas.face() * 1.2f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"face:120@640x480", "face:48@256x256"})
    void faceTheWholeFramePassFindsIsFoundOnce(String spec) {
        RgbImage frame = Degradation.parse(spec).apply(face, 1);
        assertThat(found(frame, SmallFaceSearch.DEFAULT)).hasSize(1);
        assertThat(found(frame, SmallFaceSearch.OFF)).hasSize(1);
    }
}
