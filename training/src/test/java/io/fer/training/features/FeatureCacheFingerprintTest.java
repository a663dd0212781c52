package io.fer.training.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.models.tfjs.ConvertedModels;
import io.fer.training.dataset.LabelledClip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cache is found again for the same bytes and missed for changed ones, whatever the files' times. */
class FeatureCacheFingerprintTest {
    @TempDir Path dir;

    private static final ExtractionConfig CONFIG = new ExtractionConfig("", List.of("expression"), true, 16, 512);

    private String fingerprintOf(Path clipDir) {
        return FeatureCache.fingerprint(List.of(new LabelledClip("happy/a", "happy", "a", clipDir)), CONFIG, 16, 4);
    }

    @Test
    void aDataSetProvisionedAgainKeepsItsCacheAndAnEditedOneDoesNot() throws Exception {
        Path clip = Files.createDirectories(dir.resolve("happy/a"));
        Path frame = Files.write(clip.resolve("0001.png"), new byte[] {1, 2, 3, 4});
        String first = fingerprintOf(clip);

        Files.setLastModifiedTime(frame, FileTime.fromMillis(System.currentTimeMillis() + 86_400_000L)); // copied again
        assertThat(fingerprintOf(clip)).isEqualTo(first);

        Files.write(frame, new byte[] {1, 2, 3, 5}); // same size, other bytes
        assertThat(fingerprintOf(clip)).isNotEqualTo(first);
    }

    @Test
    void aLargeFileIsKnownByItsSizeAndEdges() throws Exception {
        Path clip = Files.createDirectories(dir.resolve("happy/b"));
        byte[] video = new byte[5 << 20];
        Path file = Files.write(clip.resolve("clip.mp4"), video);
        String first = fingerprintOf(clip);
        video[video.length - 1] = 7; // within the last MB
        Files.write(file, video);
        assertThat(fingerprintOf(clip)).isNotEqualTo(first);
    }

    @Test
    void otherGeneratorsMakeAnotherFingerprint() throws Exception {
        Path clip = Files.createDirectories(dir.resolve("happy/c"));
        Files.write(clip.resolve("0001.png"), new byte[] {1, 2, 3, 4});
        List<LabelledClip> clips = List.of(new LabelledClip("happy/c", "happy", "c", clip));
        String now = FeatureCache.fingerprint(clips, CONFIG, 16, 4, "[expression]", "converter v4 pins a");
        assertThat(FeatureCache.fingerprint(clips, CONFIG, 16, 4, "[expression]", "converter v4 pins a")).isEqualTo(now);
        assertThat(FeatureCache.fingerprint(clips, CONFIG, 16, 4, "[expression]", "converter v5 pins a")).isNotEqualTo(now);
        assertThat(FeatureCache.fingerprint(clips, CONFIG, 16, 4, "[expression]", "converter v4 pins b")).isNotEqualTo(now);
        assertThat(ConvertedModels.generatorsIdentity()).startsWith("converter v").contains("@");
    }
}
