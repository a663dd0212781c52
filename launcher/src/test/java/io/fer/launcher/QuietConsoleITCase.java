package io.fer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `./fer demo` as a user starts it, as an OS process: stderr carries one line per phase and the one-line result, none
 * of the native libraries' start-up lines (TensorFlow, FFmpeg); with --verbose they are back, so the quiet run did
 * not merely happen to lack them.
 */
class QuietConsoleITCase {
    @Test
    void theDemoPrintsAPhaseLineEachAndOneResult(@TempDir Path dir) throws Exception {
        Path clip = DemoITCase.smilingClip(TestModels.store(), dir.resolve("smile.mp4"));

        List<String> quiet = demo(dir, "quiet", clip);
        assertThat(quiet).as("stderr of ./fer demo").hasSize(5);
        for (int i = 0; i < 4; i++) {
            assertThat(quiet.get(i)).startsWith("demo [" + (i + 1) + "/4] ");
        }
        assertThat(quiet.get(4)).startsWith("demo: 60 frames, ").contains(" events: happy ");

        List<String> verbose = demo(dir, "verbose", clip, "--verbose");
        assertThat(String.join("\n", verbose)).as("the native libraries' lines with --verbose").containsAnyOf("absl", "tensorflow", "I0000");
        assertThat(verbose.size()).isGreaterThan(quiet.size());
    }

    private static List<String> demo(Path dir, String name, Path clip, String... more) throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("fer").toString(), "demo", "--source", clip.toString(),
                "--stream-id", name, "--events-out", dir.resolve(name + ".jsonl").toString()));
        cmd.addAll(List.of(more));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile());
        pb.environment().put("FER_NO_BUILD", "1");
        pb.environment().remove("FER_VERBOSE");
        pb.environment().put("FER_JAVA_OPTS", "-Xmx3g");
        Process p = pb.start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("./fer demo ends").isTrue();
        List<String> err = Files.readAllLines(dir.resolve(name + ".err"));
        assertThat(p.exitValue()).as("exit code; stderr: " + err).isZero();
        assertThat(Files.readAllLines(dir.resolve(name + ".jsonl"))).isNotEmpty();
        return err;
    }
}
