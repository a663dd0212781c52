package io.fer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer.ingest.IngestConfig;
import io.fer.ingest.source.DecodedFrame;
import io.fer.ingest.source.FrameSource;
import io.fer.ingest.source.SourceSpec;
import io.fer.launcher.Fer;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The peer a pipeline is compared with: @vladmandic/human 3.3.6 in Node (TensorFlow.js WASM backend), its five default
 * models on every frame with every cache off, run by {@code bench/human/human-bench.cjs} on the clip's frames as
 * decoded here (the same pixels the pipeline reads).
 */
public final class HumanPeer {
    public static final String INSTALL = "npm ci --prefix bench/human";

    private HumanPeer() {}

    /** bench/human of this checkout: $FER_HOME (set by ./fer) or the working directory. */
    static Path harnessDir() {
        String home = System.getenv("FER_HOME");
        return (home != null ? Path.of(home) : Path.of("")).resolve("bench/human").toAbsolutePath();
    }

    /** Fails with the install command when the harness's node_modules are missing. */
    static void requireInstalled(Path harness) {
        if (!Files.isDirectory(harness.resolve("node_modules/@vladmandic/human"))) {
            throw new Fer.UserError("--human needs the Human harness installed: " + INSTALL + " (in " + harness.getParent().getParent() + ")");
        }
    }

    /** Runs the harness; its JSON (face_frames_per_s, frames_per_s, models, ...) as a map. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> run(String source, Path harness) throws IOException, InterruptedException {
        requireInstalled(harness);
        Path raw = Files.createTempFile("fer-human-frames", ".rgb");
        Path log = Files.createTempFile("fer-human", ".log");
        try {
            int[] size = writeRawFrames(source, raw);
            Process p = new ProcessBuilder(List.of("node", harness.resolve("human-bench.cjs").toString(), "--raw", raw.toString(),
                    "--width", Integer.toString(size[0]), "--height", Integer.toString(size[1])))
                    .directory(harness.toFile()).redirectError(log.toFile()).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                List<String> err = Files.readAllLines(log);
                throw new IllegalStateException("the Human harness failed: " + (err.isEmpty() ? "exit " + p.exitValue() : err.get(err.size() - 1)));
            }
            String last = out.substring(out.lastIndexOf('\n') + 1);
            return new ObjectMapper().readValue(last, Map.class);
        } finally {
            Files.deleteIfExists(raw);
            Files.deleteIfExists(log);
        }
    }

    /** The clip's frames as packed RGB, one after the other; returns {width, height}. */
    private static int[] writeRawFrames(String source, Path raw) throws IOException {
        int[] size = null;
        try (FrameSource s = SourceSpec.of(source, "human", false, false).open(IngestConfig.DEFAULT);
             OutputStream o = new BufferedOutputStream(Files.newOutputStream(raw), 1 << 20)) {
            for (DecodedFrame f; (f = s.next()) != null; ) {
                RgbImage img = Images.fromBuffered(f.image());
                if (size == null) {
                    size = new int[] {img.width(), img.height()};
                } else if (img.width() != size[0] || img.height() != size[1]) {
                    continue; // a size change mid-clip: keep to the first size, as one raw file needs
                }
                o.write(img.rgb());
            }
        }
        if (size == null) {
            throw new Fer.UserError(source + ": no frames");
        }
        return size;
    }
}
