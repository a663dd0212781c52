package io.fer.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fer.testing.TestModels;
import io.fer.workers.expression.EmotionClasses;
import io.fer.workers.expression.ExpressionFeatures;
import io.fer.workers.expression.ExpressionModel;
import io.fer.workers.face.Detection;
import io.fer.workers.face.FaceAligner;
import io.fer.workers.face.FaceDetector;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real pretrained models on the real group photos of the pinned face-api package. */
class PretrainedModelsITCase {
    private static FaceDetector detector;
    private static ExpressionModel expression;

    @BeforeAll
    static void load() {
        detector = new FaceDetector(TestModels.store(), FaceDetector.DetectorConfig.DEFAULT);
        expression = new ExpressionModel(TestModels.store());
    }

    @AfterAll
    static void close() {
        detector.close();
        expression.close();
    }

    static RgbImage photo(String name) throws Exception {
        return Images.decode(Files.readAllBytes(TestModels.store().file(name)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sample1.jpg", "sample2.jpg", "sample3.jpg", "sample4.jpg", "sample5.jpg", "sample6.jpg"})
    void detectorFindsTheFacesOfEachGroupPhoto(String name) throws Exception {
        RgbImage img = photo(name);
        List<Detection> faces = detector.detect(img);
        assertThat(faces).hasSizeGreaterThanOrEqualTo(3);
        for (Detection d : faces) {
            assertThat(d.box().width()).isBetween(40f, img.width() / 3f);
            assertThat(d.box().cx()).isBetween(0f, (float) img.width());
            assertThat(d.box().cy()).isBetween(0f, (float) img.height());
        }
    }

    @Test
    void clearlySmilingFaceIsHappyAndBatchedEqualsSingle() throws Exception {
        RgbImage img = photo("sample3.jpg");
        List<Detection> faces = detector.detect(img).stream().sorted(Comparator.comparingDouble(d -> d.box().x())).toList();
        // the middle woman in sample3 smiles broadly
        RgbImage smiling = Images.warp(img, FaceAligner.align(faces.get(1), FaceAligner.CROP_MARGIN), 256);
        RgbImage other = Images.warp(img, FaceAligner.align(faces.get(0), FaceAligner.CROP_MARGIN), 256);

        ExpressionFeatures single = expression.run(List.of(smiling)).get(0);
        List<ExpressionFeatures> batch = expression.run(List.of(other, smiling));

        float[] p = single.probabilities();
        int happy = EmotionClasses.MODEL_ORDER.indexOf("happy");
        assertThat(p[happy]).isGreaterThan(0.8f);
        assertThat(single.features()).hasSize(256);
        for (int i = 0; i < p.length; i++) {
            assertThat(batch.get(1).probabilities()[i]).isCloseTo(p[i], within(1e-5f));
        }
    }
}
