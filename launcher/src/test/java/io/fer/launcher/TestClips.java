package io.fer.launcher;

import io.fer.launcher.runtime.SampleClip;
import io.fer.models.store.ModelStore;
import io.fer.workers.image.Box;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import java.nio.file.Files;
import java.nio.file.Path;

/** Videos made from the real sample photos, for tests that need a clip of a given length. */
public final class TestClips {
    private TestClips() {}

    /**
     * 640x480, 25 fps: the two women on the right of sample6 (faces ~180 px), the camera panning and zooming slowly
     * back and forth, so a clip of any length keeps both in view.
     */
    public static Path twoPeople(ModelStore store, Path out, int frames) throws Exception {
        RgbImage photo = Images.decode(Files.readAllBytes(store.file("sample6.jpg")));
        SampleClip.record(out, 640, 480, 25, frames, i -> {
            int phase = i % 80;
            float t = (phase < 40 ? phase : 80 - phase) / 40f; // 0 .. 1 .. 0
            float zoom = 1 - 0.1f * t;
            float w = 800 * zoom;
            float h = w * 3 / 4;
            Box region = new Box(1040 + t * 80 + (800 - w) / 2, 150 + (600 - h) / 2, w, h);
            return Images.toBuffered(Images.crop(photo, region, 640, 480));
        });
        return out;
    }
}
