package io.fer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fer train and fer eval --cv --baseline as a user runs them, on real labelled expressions: ../shared/data/ckplus48-dev
 * (CK+48; not in the repository). fer train chooses its settings by subject-grouped cross-validation and records the
 * folds in metadata.json; fer eval --cv retrains that recipe in subject-independent folds beside the logistic
 * baseline. Small settings (3 folds, 1 member, 20 epochs) keep it to a few minutes. Without the data set, run the
 * tests with -Dit.test='!CkPlusTrainingITCase', or point FER_CKPLUS48 at a copy.
 */
class CkPlusTrainingITCase {
    @Test
    void trainChoosesItsSettingsByCrossValidationAndEvalComparesWithTheBaseline(@TempDir Path dir) throws Exception {
        Path data = Path.of(System.getenv().getOrDefault("FER_CKPLUS48", "../../shared/data/ckplus48-dev"));
        assertThat(data.resolve("happy")).as("the CK+48 development set at " + data.toAbsolutePath()
                + " (set FER_CKPLUS48, or leave this test out with -Dit.test='!CkPlusTrainingITCase')").isDirectory();
        Path model = dir.resolve("model");

        String train = run("train", "--dataset", data.toString(), "--aligned-faces", "--out", model.toString(), "--cv-folds", "3",
                "--members", "1", "--epochs", "20");
        assertThat(train).contains("3-fold cross-validated WAR");
        JsonNode md = new ObjectMapper().readTree(model.resolve("metadata.json").toFile());
        assertThat(md.path("metrics").path("cv_fold_war")).hasSize(3);
        assertThat(md.path("metrics").path("cv_candidates").size()).isEqualTo(3 * 4); // 3 settings at 4 epoch counts
        assertThat(md.path("metrics").path("cv_uar_mean").asDouble()).as("cross-validated UAR of the chosen settings").isGreaterThan(0.6);
        assertThat(md.path("provenance").path("training").path("epochs").asInt()).isIn(5, 10, 15, 20);
        assertThat(md.path("provenance").path("training").path("members").asInt()).isEqualTo(1);

        JsonNode cv = new ObjectMapper().readTree(run("eval", "--model", model.toString(), "--dataset", data.toString(),
                "--aligned-faces", "--cv", "3", "--baseline", "--json", "--report", dir.resolve("report").toString()));
        assertThat(cv.path("folds").asInt()).isEqualTo(3);
        assertThat(cv.path("clips").asInt()).isEqualTo(217);
        assertThat(cv.path("subjects").asInt()).isEqualTo(83);
        for (String learner : new String[] {"transformer", "baseline"}) {
            JsonNode r = cv.path(learner);
            assertThat(r.path("fold_war")).as(learner).hasSize(3);
            assertThat(r.path("war_mean").asDouble()).as(learner + " WAR").isGreaterThan(0.7);
            int pooled = 0;
            for (JsonNode row : r.path("confusion")) {
                for (JsonNode n : row) {
                    pooled += n.asInt();
                }
            }
            assertThat(pooled).as(learner + ": every clip held out once").isEqualTo(217);
        }
        assertThat(cv.has("transformer_beats_baseline")).isTrue();
        assertThat(dir.resolve("report/report.html")).isRegularFile();
    }

    /** Runs fer with the arguments in this JVM, asserts exit 0 and returns what it printed. */
    static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(Fer.commandLine().execute(args)).as(String.join(" ", args)).isZero();
        } finally {
            System.setOut(saved);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
