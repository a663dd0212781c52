package io.fer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer.launcher.runtime.DefaultModel;
import io.fer.models.store.ModelStore;
import io.fer.testing.TestModels;
import io.fer.training.DefaultRecipe;
import io.fer.training.SupervisedTraining;
import io.fer.training.dataset.Dataset;
import io.fer.training.dataset.FoldersDataset;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Still-image data sets as they come (FER2013's {@code <split>/<label>/<image>}, read in place) and the shipped default
 * model, on real FER2013 faces: a subset of ../shared/data/fer2013 linked (not copied) into a temporary folder. Without
 * the data set, point FER_FER2013 at a copy or leave this test out with -Dit.test='!Fer2013StillsITCase'.
 */
class Fer2013StillsITCase {
    private static final List<String> CLASSES = List.of("angry", "disgust", "fear", "happy", "neutral", "sad", "surprise");
    @TempDir
    static Path dir;
    private static Path train;
    private static Path val;

    @BeforeAll
    static void subset() throws Exception {
        Path data = Path.of(System.getenv().getOrDefault("FER_FER2013", "../../shared/data/fer2013"));
        assertThat(data.resolve("train/happy")).as("FER2013 at " + data.toAbsolutePath()
                + " (set FER_FER2013, or leave this test out with -Dit.test='!Fer2013StillsITCase')").isDirectory();
        train = link(data.resolve("train"), dir.resolve("train"), 15);
        val = link(data.resolve("public-test"), dir.resolve("val"), 30);
    }

    /** The first n images of each class, linked. */
    private static Path link(Path from, Path to, int n) throws Exception {
        for (String c : CLASSES) {
            Files.createDirectories(to.resolve(c));
            try (Stream<Path> images = Files.list(from.resolve(c))) {
                for (Path p : images.sorted().limit(n).toList()) {
                    Files.createSymbolicLink(to.resolve(c).resolve(p.getFileName()), p.toAbsolutePath());
                }
            }
        }
        return to;
    }

    @Test
    void aStillIsOneFrameInTheFeaturesAndTrainChoosesOnTheGivenValidationSplit() throws Exception {
        Dataset ds = FoldersDataset.read(train);
        assertThat(ds.clips()).hasSize(15 * 7);
        assertThat(ds.personGroups()).isFalse();
        var windows = new SupervisedTraining(ModelStore.defaultDir(), msg -> {}).features(ds.clips(), List.of("expression"), true, 16, 4, 1);
        assertThat(windows).as("every still has its window").hasSize(ds.clips().size());
        windows.values().forEach(ws -> {
            assertThat(ws).hasSize(1);
            assertThat(ws.get(0).mask).as("one frame, one modality: not sixteen repeats").containsExactly(1f);
            assertThat(ws.get(0).features).hasSize(7 + 256);
        });

        Path model = dir.resolve("model");
        String out = run("train", "--dataset", train.toString(), "--val", val.toString(), "--aligned-faces", "--modalities", "expression",
                "--members", "1", "--epochs", "8", "--out", model.toString());
        assertThat(out).contains("on the validation split");
        JsonNode md = new ObjectMapper().readTree(model.resolve("metadata.json").toFile());
        assertThat(md.path("metrics").path("selection").asText()).isEqualTo("given validation split");
        assertThat(md.path("metrics").path("validation_clips").asInt()).isEqualTo(30 * 7);
        assertThat(md.path("metrics").path("validation_per_class_recall").size()).isEqualTo(7);
        assertThat(md.path("classes")).extracting(JsonNode::asText).containsExactlyElementsOf(CLASSES);
    }

    @Test
    void theShippedDefaultModelRecognisesHeldOutFacesAndEvalTellsDetectionFromRecognition() throws Exception {
        Path modelDir = DefaultModel.ensure(TestModels.store(), msg -> {});
        assertThat(run("models", "default").lines().toList()).contains(modelDir.toString());
        JsonNode md = new ObjectMapper().readTree(modelDir.resolve("metadata.json").toFile());
        assertThat(md.path("version").asText()).isEqualTo(DefaultRecipe.VERSION);
        assertThat(md.path("classes")).extracting(JsonNode::asText)
                .containsExactly("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral");
        assertThat(md.path("provenance").path("data").asText()).contains("FER2013");

        // the public-test subset: the split the settings were chosen on, never trained on
        JsonNode aligned = json(run("eval", "--model", modelDir.toString(), "--dataset", val.toString(),
                "--aligned-faces", "--json", "--report", dir.resolve("report").toString()));
        assertThat(aligned.path("clips").asInt()).isEqualTo(30 * 7);
        assertThat(aligned.path("clips_without_face").asInt()).isZero();
        assertThat(aligned.path("war").asDouble()).as("WAR on 210 held-out FER2013 faces").isGreaterThan(0.55);
        assertThat(aligned.path("uar").asDouble()).isGreaterThan(0.5);

        // whole frames through the detector: a frame without a face is a detection miss, not a wrong label
        Path frames = dir.resolve("frames");
        link(val, frames, 3);
        ImageIO.write(new BufferedImage(160, 120, BufferedImage.TYPE_3BYTE_BGR), "png", frames.resolve("happy/blank.png").toFile());
        JsonNode detected = json(run("eval", "--model", modelDir.toString(), "--dataset", frames.toString(),
                "--json", "--report", dir.resolve("report2").toString()));
        int clips = detected.path("clips").asInt();
        int withoutFace = detected.path("clips_without_face").asInt();
        int wrong = detected.path("wrong_labels").asInt();
        assertThat(clips).isEqualTo(3 * 7 + 1);
        assertThat(withoutFace).as("the blank frame at least").isGreaterThanOrEqualTo(1);
        assertThat(detected.path("war").asDouble()).isCloseTo((double) (clips - withoutFace - wrong) / clips,
                Assertions.within(1e-3));
    }

    @Test
    void evalUnderConditionsScoresEachDegradationAndFindsFarFaces() throws Exception {
        Path modelDir = DefaultModel.ensure(TestModels.store(), msg -> {});
        Path faces = dir.resolve("conditions");
        link(val, faces, 2);
        JsonNode r = json(run("eval", "--model", modelDir.toString(), "--dataset", faces.toString(), "--json",
                "--conditions", "clean,face:32@640x480,mask:0.4+face:160@480x360+jpeg:12,face:160@480x360+dark:0.3+noise:10"));
        JsonNode rows = r.path("conditions");
        assertThat(rows).hasSize(4);
        assertThat(rows).extracting(x -> x.path("spec").asText())
                .containsExactly("clean", "face:32@640x480", "mask:0.4+face:160@480x360+jpeg:12", "face:160@480x360+dark:0.3+noise:10");
        for (JsonNode row : rows) {
            assertThat(row.path("clips").asInt()).isEqualTo(2 * 7);
            assertThat(row.path("per_class_recall").size()).isEqualTo(7);
            assertThat(row.path("war").asDouble()).isBetween(0.0, 1.0);
            // 48 px FER2013 faces, as given, at 32 px in a 640x480 frame (found by the zoomed pass), masked, dark and noisy
            assertThat(row.path("faces_found").asDouble()).as(row.path("spec").asText()).isGreaterThanOrEqualTo(0.85);
        }
        assertThat(r.has("standard_mean_war")).as("only with all nine standard conditions").isFalse();
        assertThat(Fer.commandLine().execute("eval", "--model", modelDir.toString(), "--dataset", faces.toString(), "--conditions",
                "fog:3")).as("an unknown degradation is a user error").isEqualTo(2);
    }

    private static String run(String... args) {
        return CkPlusTrainingITCase.run(args);
    }

    /** The JSON object among what a command printed (this JVM's log lines share stdout). */
    private static JsonNode json(String printed) throws Exception {
        String line = printed.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow(
                () -> new AssertionError("no JSON object in: " + printed));
        return new ObjectMapper().readTree(line);
    }
}
