package io.fer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.launcher.TestClips;
import io.fer.testing.Checkout;
import io.fer.testing.TestModels;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer `fer bench pipeline --human` compares with really is Human 3.3.6 with its five models on every frame of the
 * clip: the harness runs in Node on the WASM backend, loads exactly those five, and finds and analyses both faces of a
 * two-person clip in (nearly) every frame. Needs node and `npm ci --prefix bench/human` (.ci/run does both).
 */
class HumanPeerITCase {

    @Test
    void humanAnalysesEveryFaceOfEveryFrameWithItsFiveModels(@TempDir Path dir) throws Exception {
        Path harness = Checkout.root().resolve("bench/human");
        assertThat(harness.resolve("node_modules/@vladmandic/human")).as("run: " + HumanPeer.INSTALL).exists();
        Path clip = TestClips.twoPeople(TestModels.store(), dir.resolve("two.mp4"), 12);

        Map<String, Object> r = HumanPeer.run(clip.toString(), harness);

        assertThat(r.get("human")).isEqualTo("3.3.6");
        assertThat(r.get("backend")).isEqualTo("wasm");
        assertThat(r.get("models")).asList().containsExactly("blazeface", "emotion", "facemesh", "faceres", "movenet");
        assertThat(r.get("frames")).isEqualTo(12);
        int faces = ((Number) r.get("face_frames")).intValue();
        assertThat(faces).as("two faces in each of 12 frames").isBetween(22, 24);
        assertThat(r.get("faces_with_emotion")).isEqualTo(faces);
        assertThat(((Number) r.get("face_frames_per_s")).doubleValue()).isPositive();
    }
}
