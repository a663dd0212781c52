package io.fer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer.testing.TestModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `fer models run` on a real photo of the pinned sample package. */
class ModelsRunITCase {
    private static JsonNode run(String... args) throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cl = Fer.commandLine();
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute(args)).isZero();
        return new ObjectMapper().readTree(out.toString());
    }

    private static String photo(String name) {
        return TestModels.store().file(name).toString();
    }

    @Test
    void detectorFindsTheFacesAndTheExpressionModelLabelsTheSmiles() throws Exception {
        JsonNode det = run("models", "run", "blazeface", "--image", photo("sample6.jpg"), "--json");
        assertThat(det.get("faces").size()).isGreaterThanOrEqualTo(3);
        assertThat(det.get("faces").get(0).get("keypoints").size()).isEqualTo(6);

        JsonNode emo = run("models", "run", "emotion", "--image", photo("sample3.jpg"), "--json");
        long happy = 0;
        for (JsonNode f : emo.get("faces")) {
            assertThat(f.get("vector").size()).isEqualTo(7 + 256);
            happy += f.get("label").asText().equals("happy") ? 1 : 0;
        }
        assertThat(happy).as("the three women of sample3 smile").isEqualTo(3);
    }

    @Test
    void faceLevelGeneratorsRunOnAGivenFaceCropToo() throws Exception {
        JsonNode mesh = run("models", "run", "facemesh", "--image", photo("sample6.jpg"), "--json");
        assertThat(mesh.get("faces").get(0).get("landmarks").size()).isEqualTo(468);
        JsonNode res = run("models", "run", "faceres", "--image", photo("sample1.jpg"), "--face-crop", "--json");
        assertThat(res.get("faces").get(0).get("descriptor").size()).isEqualTo(1024);
        JsonNode pose = run("models", "run", "movenet-lightning", "--image", photo("sample4.jpg"), "--json");
        assertThat(pose.get("keypoints").size()).isEqualTo(17);
    }
}
